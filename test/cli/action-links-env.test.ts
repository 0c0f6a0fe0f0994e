import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionKeyFileError, actionLinksFromEnv } from '../../functions/cli/cycle-context.ts';

/** The CLI's digests sign answer links only when `npm start`'s export line told it where and with what. */
describe('action links from the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-action-key-'));
  const keyFile = join(dir, 'action-key');
  writeFileSync(keyFile, 'the-key\n', { mode: 0o600 });

  it('are off unless both the URL and the key file are given', () => {
    expect(actionLinksFromEnv({})).toBeUndefined();
    expect(actionLinksFromEnv({ CHURN_WATCH_ACTION_URL: 'http://127.0.0.1:8780' })).toBeUndefined();
    expect(actionLinksFromEnv({ CHURN_WATCH_ACTION_KEY_FILE: keyFile })).toBeUndefined();
  });

  it('read the key from the file, without its line end', () => {
    expect(
      actionLinksFromEnv({
        CHURN_WATCH_ACTION_URL: 'http://127.0.0.1:8780',
        CHURN_WATCH_ACTION_KEY_FILE: keyFile,
      }),
    ).toEqual({ baseUrl: 'http://127.0.0.1:8780', key: 'the-key' });
  });

  it('refuse a key file that cannot be read, naming the variable', () => {
    const read = () =>
      actionLinksFromEnv({
        CHURN_WATCH_ACTION_URL: 'http://127.0.0.1:8780',
        CHURN_WATCH_ACTION_KEY_FILE: join(dir, 'missing'),
      });
    expect(read).toThrow(ActionKeyFileError);
    expect(read).toThrow(/CHURN_WATCH_ACTION_KEY_FILE/);
  });
});
