import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionKeyError } from '../../../functions/adapters/secrets/action-key.ts';

/**
 * How the notifier's Lambda entry point takes the answer links' settings from its environment (the sending
 * itself is in cycle-handlers.test.ts). The environment is read at import (cold start), so each case imports
 * afresh; no case here reaches DynamoDB.
 */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function coldStart(env: Record<string, string>) {
  for (const name of [
    'CHURN_WATCH_ACTION_URL',
    'CHURN_WATCH_ACTION_KEY_SECRET',
    'CHURN_WATCH_ACTION_KEY_FILE',
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    CHURN_WATCH_TABLE_PREFIX: 'churn-watch-test-',
    AWS_REGION: 'cn-north-1',
    ...env,
  });
  return import('../../../functions/entry-points/lambda/notifier.ts');
}

describe('the notifier handler and the answer links', () => {
  it('fails the run, naming the key file, when the links are configured but the key cannot be read', async () => {
    // Prepare
    const { handler } = await coldStart({
      CHURN_WATCH_ACTION_URL: 'https://churn.example.com',
      CHURN_WATCH_ACTION_KEY_FILE: '/nonexistent/action-key',
    });

    // Act / Assess: no digest goes out without the links the reps answer with (Lambda retries the run).
    const run = handler({ kind: 'retry' });
    await expect(run).rejects.toBeInstanceOf(ActionKeyError);
    await expect(run).rejects.toThrow('could not read the signing key file /nonexistent/action-key');
  });

  it('refuses to start with a base URL but no key, naming the variables', async () => {
    await expect(coldStart({ CHURN_WATCH_ACTION_URL: 'https://churn.example.com' })).rejects.toThrow(
      'CHURN_WATCH_ACTION_URL is set but no signing key is: set CHURN_WATCH_ACTION_KEY_SECRET',
    );
  });
});
