import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCycleStores } from '../../../functions/adapters/dynamodb/cycle-stores.ts';
import { tableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { openCycle } from '../../../functions/entry-points/cli/cycle-context.ts';
import type { StoreContext } from '../../../functions/entry-points/cli/store-context.ts';

/** The CLI's digests sign answer links only when told where they point and where the key is. */
describe('the CLI cycle and its action links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-action-key-'));
  const keyFile = join(dir, 'action-key');
  const key = 'k'.repeat(40);
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  const doc = {} as DynamoDBDocumentClient;
  const tables = tableNames('t-');
  const store = { doc, tables, cycleStores: dynamoCycleStores(doc, tables) } as StoreContext;
  const url = 'http://127.0.0.1:8780';

  it('are off without a URL, even with a key file', async () => {
    expect((await openCycle(store, {})).actionLinks).toBeUndefined();
    expect((await openCycle(store, { CHURN_WATCH_ACTION_KEY_FILE: keyFile })).actionLinks).toBeUndefined();
  });

  it("read the key from npm start's file, without its line end", async () => {
    const deps = await openCycle(store, {
      CHURN_WATCH_ACTION_URL: url,
      CHURN_WATCH_ACTION_KEY_FILE: keyFile,
    });
    expect(deps.actionLinks).toEqual({ baseUrl: url, key });
  });

  it('refuse a key file that cannot be read, naming the file and the variables, never a key', async () => {
    const missing = join(dir, 'missing');
    const open = openCycle(store, { CHURN_WATCH_ACTION_URL: url, CHURN_WATCH_ACTION_KEY_FILE: missing });
    await expect(open).rejects.toThrow(missing);
    await expect(open).rejects.toThrow(/CHURN_WATCH_ACTION_KEY_FILE.*npm start.*CHURN_WATCH_ACTION_URL/);
  });

  it('are not needed by commands that send only stored messages', async () => {
    const env = { CHURN_WATCH_ACTION_URL: url, CHURN_WATCH_ACTION_KEY_FILE: join(dir, 'missing') };
    expect((await openCycle(store, env, { withoutLinks: true })).actionLinks).toBeUndefined();
  });
});
