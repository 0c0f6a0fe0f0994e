import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_KEY_FILE_ENV,
  ACTION_KEY_SECRET_ENV,
  ACTION_URL_ENV,
  ActionKeyError,
} from '../../functions/adapters/secrets/action-key.ts';
import {
  ACTION_KEY_MAX_AGE_MS,
  actionKeySource,
  actionLinksSource,
} from '../../functions/adapters/secrets/action-key-loader.ts';

const secrets = mockClient(SecretsManagerClient);
afterEach(() => {
  secrets.reset();
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'action-key-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECRET_ID = 'churn-watch/prod/action-key';
const KEY = 'k3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yabcd';
const client = () => new SecretsManagerClient({ region: 'cn-north-1' });

/** The message in both languages, which is all a caller or a log line ever sees of an error. */
async function messages(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => expect.fail('expected a refusal'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ActionKeyError);
  const refusal = error as ActionKeyError;
  return `${refusal.describe('zh-CN')}\n${refusal.describe('en')}\n${refusal.message}`;
}

describe('actionKeySource from Secrets Manager', () => {
  it('reads the key once and serves it from memory until it is older than the maximum age', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: KEY });
    let now = 1_000;
    const source = actionKeySource({
      env: { [ACTION_KEY_SECRET_ENV]: SECRET_ID },
      secretsClient: client(),
      now: () => now,
    });

    // Act
    const first = await Promise.all([source?.key(), source?.key()]);
    now += ACTION_KEY_MAX_AGE_MS - 1;
    const stillCached = await source?.key();
    const readsBefore = secrets.commandCalls(GetSecretValueCommand).length;
    now += 1;
    const reread = await source?.key();

    // Assess
    expect(first).toEqual([KEY, KEY]);
    expect(stillCached).toBe(KEY);
    expect(readsBefore).toBe(1);
    expect(reread).toBe(KEY);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(source?.origin).toBe(`secret ${SECRET_ID}`);
  });

  it('names the secret but not its value when the key is too short, and reads again on the next call', async () => {
    // Prepare: a hand-set weak key, then the generated one
    const weak = 'hunter2-hunter2';
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: weak })
      .resolves({ SecretString: `${KEY}\n` });
    const source = actionKeySource({ env: { [ACTION_KEY_SECRET_ENV]: SECRET_ID }, secretsClient: client() });

    // Act
    const refused = await messages(source!.key());
    const next = await source!.key();

    // Assess
    expect(refused).toContain(SECRET_ID);
    expect(refused).toContain('32');
    expect(refused).not.toContain(weak);
    // A failure is not cached; the trailing newline is no part of the key.
    expect(next).toBe(KEY);
  });

  it('names the secret and the AWS error when the secret cannot be read', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        $metadata: {},
      }),
    );
    const source = actionKeySource({ env: { [ACTION_KEY_SECRET_ENV]: SECRET_ID }, secretsClient: client() });

    // Act
    const refused = await messages(source!.key());

    // Assess
    expect(refused).toContain(`无法读取签名密钥 secret ${SECRET_ID}`);
    expect(refused).toContain(`could not read the signing key from secret ${SECRET_ID}`);
    expect(refused).toContain('ResourceNotFoundException');
  });

  it('refuses a binary secret, naming it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new TextEncoder().encode(KEY) });
    const source = actionKeySource({ env: { [ACTION_KEY_SECRET_ENV]: SECRET_ID }, secretsClient: client() });

    const refused = await messages(source!.key());

    expect(refused).toContain(`secret ${SECRET_ID} holds no text value`);
    expect(refused).not.toContain(KEY);
  });
});

describe('actionKeySource from a file', () => {
  it('reads the key from the file, without its trailing newline', async () => {
    // Prepare
    const file = path.join(dir, 'action-key');
    await writeFile(file, `${KEY}\n`, { mode: 0o600 });

    // Act
    const source = actionKeySource({ env: { [ACTION_KEY_FILE_ENV]: file } });

    // Assess
    expect(await source?.key()).toBe(KEY);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('names the file but not its content when the key is too short', async () => {
    const file = path.join(dir, 'short-key');
    await writeFile(file, 'abc123', { mode: 0o600 });

    const refused = await messages(actionKeySource({ env: { [ACTION_KEY_FILE_ENV]: file } })!.key());

    expect(refused).toContain(`file ${file}`);
    expect(refused).not.toContain('abc123');
  });

  it('names a missing file', async () => {
    const file = path.join(dir, 'no-such-key');

    const refused = await messages(actionKeySource({ env: { [ACTION_KEY_FILE_ENV]: file } })!.key());

    expect(refused).toContain(`could not read the signing key file ${file}`);
    expect(refused).toContain('ENOENT');
  });
});

describe('actionKeySource settings', () => {
  it('is undefined when no key is configured', () => {
    expect(actionKeySource({ env: {} })).toBeUndefined();
    expect(actionKeySource({ env: { [ACTION_KEY_SECRET_ENV]: '', [ACTION_KEY_FILE_ENV]: '' } })).toBe(
      undefined,
    );
  });

  it('refuses both a secret and a file, naming both variables', () => {
    expect(() =>
      actionKeySource({
        env: { [ACTION_KEY_SECRET_ENV]: SECRET_ID, [ACTION_KEY_FILE_ENV]: '/x/action-key' },
      }),
    ).toThrow(`set ${ACTION_KEY_SECRET_ENV} or ${ACTION_KEY_FILE_ENV}, not both`);
  });
});

describe('actionLinksSource', () => {
  it('gives the base URL without its trailing slash and the key, for the digests', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: KEY });
    const links = actionLinksSource({
      env: {
        [ACTION_URL_ENV]: 'https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod/',
        [ACTION_KEY_SECRET_ENV]: SECRET_ID,
      },
      secretsClient: client(),
    });

    // Act / Assess
    expect(await links?.()).toEqual({
      baseUrl: 'https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod',
      key: KEY,
    });
  });

  it('is undefined without a base URL: digests then carry no links', () => {
    expect(actionLinksSource({ env: { [ACTION_KEY_SECRET_ENV]: SECRET_ID } })).toBeUndefined();
  });

  it('refuses a base URL without a key, or one that is not an http(s) URL, naming the variable', () => {
    expect(() => actionLinksSource({ env: { [ACTION_URL_ENV]: 'https://churn.example.com' } })).toThrow(
      `${ACTION_URL_ENV} is set but no signing key is`,
    );
    for (const url of ['churn.example.com', 'ftp://churn.example.com', 'https://churn.example.com/?a=1']) {
      expect(() =>
        actionLinksSource({ env: { [ACTION_URL_ENV]: url, [ACTION_KEY_SECRET_ENV]: SECRET_ID } }),
      ).toThrow(`${ACTION_URL_ENV} is not a URL`);
    }
  });
});
