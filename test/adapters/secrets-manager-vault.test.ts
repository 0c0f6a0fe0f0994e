import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { createSecretsManagerVault } from '../../functions/adapters/secrets/secrets-manager-vault.ts';
import {
  WEBHOOK_LEASE_KEY,
  WebhookVaultBusyError,
  WebhookVaultError,
} from '../../functions/adapters/secrets/webhook-vault.ts';

const secrets = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => {
  secrets.reset();
  dynamo.reset();
});

const SECRET_ID = 'churn-watch/prod/wecom-webhooks';
const CONFIG_TABLE = 'churn-watch-prod-config';
const url = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;

/** A vault over the mocked clients, with a clock and sleeps it controls. */
function prepare(options: { now?: () => number } = {}) {
  const sleeps: number[] = [];
  const vault = createSecretsManagerVault({
    client: new SecretsManagerClient({ region: 'cn-north-1' }),
    secretId: SECRET_ID,
    lease: { doc: createDocumentClient({ region: 'cn-north-1' }), table: CONFIG_TABLE },
    now: options.now ?? (() => Date.parse('2026-11-20T08:00:00Z')),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { vault, sleeps };
}

/** The secret holds `values`, one per GetSecretValue in turn (the last one from then on). */
function givenSecret(...values: (Record<string, unknown> | string | undefined)[]) {
  let call = secrets.on(GetSecretValueCommand);
  for (const value of values) {
    call = call.resolvesOnce({
      SecretString: typeof value === 'object' ? JSON.stringify(value) : value,
    });
  }
  const last = values.at(-1);
  call.resolves({ SecretString: typeof last === 'object' ? JSON.stringify(last) : last });
  secrets.on(PutSecretValueCommand).resolves({});
}

const leaseFree = () => {
  dynamo.on(PutCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
};

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** What each PutSecretValue wrote, parsed. */
const written = () =>
  secrets
    .commandCalls(PutSecretValueCommand)
    .map((call) => JSON.parse(call.args[0].input.SecretString ?? 'null') as unknown);

describe('the Secrets Manager webhook vault', () => {
  it('reads the secret as rep id → URL', async () => {
    // Prepare
    givenSecret({ R01: url('k1'), R02: url('k2') });
    const { vault } = prepare();

    // Act
    const entries = await vault.read();

    // Assess
    expect(entries).toEqual(
      new Map([
        ['R01', url('k1')],
        ['R02', url('k2')],
      ]),
    );
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: SECRET_ID });
  });

  it('merges new and changed entries into the others, under the lease, and says which changed', async () => {
    // Prepare
    givenSecret({ R01: url('k1'), R02: url('k2') });
    leaseFree();
    const { vault } = prepare();

    // Act
    const changed = await vault.put(
      new Map([
        ['R02', url('k2-new')],
        ['R03', url('k3')],
        ['R01', url('k1')],
      ]),
    );

    // Assess
    expect([...changed].sort()).toEqual(['R02', 'R03']);
    expect(written()).toEqual([{ R01: url('k1'), R02: url('k2-new'), R03: url('k3') }]);
    const lease = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(lease).toMatchObject({ TableName: CONFIG_TABLE, Item: { ...WEBHOOK_LEASE_KEY } });
    expect(lease?.ConditionExpression).toContain('attribute_not_exists');
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      TableName: CONFIG_TABLE,
      Key: WEBHOOK_LEASE_KEY,
    });
  });

  it('writes nothing and takes no lease when every entry is already as given', async () => {
    // Prepare
    givenSecret({ R01: url('k1') });
    leaseFree();
    const { vault } = prepare();

    // Act
    const changed = await vault.put(
      new Map([
        ['R01', url('k1')],
        ['R09', null],
      ]),
    );

    // Assess
    expect(changed.size).toBe(0);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('removes the entries given as null and keeps the rest', async () => {
    givenSecret({ R01: url('k1'), R02: url('k2') });
    leaseFree();
    const { vault } = prepare();

    const changed = await vault.put(new Map([['R01', null]]));

    expect([...changed]).toEqual(['R01']);
    expect(written()).toEqual([{ R02: url('k2') }]);
  });

  it('merges into what the secret holds under the lease, not what it held before', async () => {
    // Prepare: another writer added R05 between the first look and taking the lease
    givenSecret({ R01: url('k1') }, { R01: url('k1'), R05: url('k5') });
    leaseFree();
    const { vault } = prepare();

    // Act
    await vault.put(new Map([['R02', url('k2')]]));

    // Assess
    expect(written()).toEqual([{ R01: url('k1'), R02: url('k2'), R05: url('k5') }]);
  });

  it('retries a lease another writer holds, with growing waits, then writes', async () => {
    // Prepare
    givenSecret({});
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    const { vault, sleeps } = prepare();

    // Act
    await vault.put(new Map([['R01', url('k1')]]));

    // Assess
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] ?? Infinity);
    expect(written()).toEqual([{ R01: url('k1') }]);
  });

  it('gives up with a busy error, writing nothing, when the lease stays taken', async () => {
    givenSecret({});
    dynamo.on(PutCommand).rejects(conditionFailed());
    const { vault } = prepare();

    const put = vault.put(new Map([['R01', url('k1')]]));

    await expect(put).rejects.toBeInstanceOf(WebhookVaultBusyError);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('does not write once its lease is about to run out', async () => {
    // Prepare: the clock moves 30 s per look, so the 30 s lease is over by the time the write would start
    givenSecret({});
    leaseFree();
    let clock = Date.parse('2026-11-20T08:00:00Z');
    const { vault } = prepare({ now: () => (clock += 30_000) });

    // Act
    const put = vault.put(new Map([['R01', url('k1')]]));

    // Assess
    await expect(put).rejects.toBeInstanceOf(WebhookVaultBusyError);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(1);
  });

  it.each([
    ['not JSON', `key=SECRET-KEY-1 ${url('SECRET-KEY-1')}`],
    ['a JSON array', JSON.stringify([url('SECRET-KEY-1')])],
    ['an object with a non-string value', JSON.stringify({ R01: { url: url('SECRET-KEY-1') } })],
    ['a bare string', JSON.stringify(url('SECRET-KEY-1'))],
    ['no text at all (binary)', undefined],
  ])('refuses a secret that holds %s, naming the secret and never its content', async (_, value) => {
    // Prepare
    givenSecret(value);
    const { vault } = prepare();

    // Act
    const error = await vault.read().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toBeInstanceOf(WebhookVaultError);
    const refusal = error as WebhookVaultError;
    for (const text of [refusal.message, refusal.describe('zh-CN'), String(refusal.stack)]) {
      expect(text).toContain(SECRET_ID);
      expect(text).not.toContain('SECRET-KEY-1');
    }
    // A JSON syntax error would quote the value: none is kept as the cause.
    expect(refusal.cause).toBeUndefined();
  });

  it('names the secret and the SDK error when Secrets Manager refuses, keeping the error as the cause', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform GetSecretValue'), {
      name: 'AccessDeniedException',
    });
    secrets.on(GetSecretValueCommand).rejects(denied);
    const { vault } = prepare();

    const error = (await vault.read().catch((thrown: unknown) => thrown)) as WebhookVaultError;

    expect(error).toBeInstanceOf(WebhookVaultError);
    expect(error.message).toContain(SECRET_ID);
    expect(error.message).toContain('AccessDeniedException');
    expect(error.describe('zh-CN')).toContain('无法读取密钥');
    expect(error.cause).toBe(denied);
  });

  it('refuses to grow the secret past 64 KB, writing nothing', async () => {
    givenSecret({});
    leaseFree();
    const { vault } = prepare();
    const many = new Map(
      Array.from({ length: 700 }, (_, i) => [`R${i}`, url(`k${i}-${'x'.repeat(50)}`)] as const),
    );

    const put = vault.put(many);

    await expect(put).rejects.toThrow(/64 KB/);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});
