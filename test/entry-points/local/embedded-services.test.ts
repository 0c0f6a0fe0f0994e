import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEndpoints,
  startEmbeddedServices,
  type EmbeddedServices,
} from '../../../functions/entry-points/local/embedded-services.ts';
import { PortInUseError } from '../../../functions/entry-points/local/errors.ts';

const ANY_PORT = { dynamodb: 0, ses: 0, wecom: 0 };

async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe('embedded services of churn-watch local', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'churn-watch-local-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('with no endpoints configured', () => {
    let services: EmbeddedServices;

    beforeAll(async () => {
      services = await startEmbeddedServices({
        dataDir,
        env: {},
        ports: ANY_PORT,
        wecomKeys: ['demo-r01'],
      });
    });
    afterAll(async () => {
      await services.close();
    });

    it('starts all three on 127.0.0.1 and hands the SDK a working environment', async () => {
      // Prepare
      const env = services.env();
      const client = new DynamoDBClient({
        endpoint: env['AWS_ENDPOINT_URL_DYNAMODB'],
        region: env['AWS_REGION'],
        credentials: {
          accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? '',
          secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? '',
        },
      });

      // Act
      const tables = await client.send(new ListTablesCommand({}));
      client.destroy();

      // Assess
      expect(tables.TableNames).toEqual([]);
      expect(services.started).toEqual({
        dynamodb: services.endpoints.dynamodb,
        ses: services.endpoints.sesv2,
        wecom: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      });
      expect(env).toEqual({
        AWS_ENDPOINT_URL_DYNAMODB: services.endpoints.dynamodb,
        AWS_ENDPOINT_URL_SESV2: services.endpoints.sesv2,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      });
      expect(existsSync(join(dataDir, 'dynamodb'))).toBe(true);
      expect(services.wecom.webhookUrl('demo-r01')).toBe(
        `${services.started.wecom}/cgi-bin/webhook/send?key=demo-r01`,
      );
    });

    it('describes where to look, in Chinese or English', () => {
      const zh = describeEndpoints(services, 'zh-CN').split('\n');
      const en = describeEndpoints(services, 'en').split('\n');

      expect(zh).toEqual([
        `DynamoDB（dynalite，数据目录 ${join(dataDir, 'dynamodb')}）：${services.endpoints.dynamodb}`,
        `邮件收件箱（SES）：${services.started.ses}/`,
        `企业微信机器人消息：${services.started.wecom}/`,
      ]);
      expect(en[1]).toBe(`Email inbox (SES): ${services.started.ses}/`);
      expect(describeEndpoints(services)).toBe(zh.join('\n'));
    });
  });

  it('uses configured endpoints instead of starting dynalite or the SES server', async () => {
    // Prepare
    const env = {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4566',
      AWS_ENDPOINT_URL: 'https://user:secret@localstack.example.com:4566',
      AWS_REGION: 'ap-east-1',
      AWS_PROFILE: 'localstack',
    };
    const dir = join(dataDir, 'configured');

    // Act
    const services = await startEmbeddedServices({ dataDir: dir, env, ports: ANY_PORT });
    await services.close();

    // Assess
    expect(services.started.dynamodb).toBeUndefined();
    expect(services.started.ses).toBeUndefined();
    expect(services.started.wecom).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(services.endpoints).toEqual({
      dynamodb: 'http://localhost:4566',
      sesv2: 'https://user:secret@localstack.example.com:4566',
    });
    expect(services.sources).toEqual({ dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB', sesv2: 'AWS_ENDPOINT_URL' });
    expect(existsSync(join(dir, 'dynamodb'))).toBe(false);
    // A profile is configured, so no dummy credentials shadow it.
    expect(services.env()).toEqual({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:4566',
      AWS_ENDPOINT_URL_SESV2: 'https://user:secret@localstack.example.com:4566',
      AWS_REGION: 'ap-east-1',
    });
    const zh = describeEndpoints(services, 'zh-CN');
    expect(zh).toContain('DynamoDB：使用 AWS_ENDPOINT_URL_DYNAMODB 指定的 http://localhost:4566');
    expect(zh).toContain('SES：使用 AWS_ENDPOINT_URL 指定的 https://localstack.example.com:4566');
    expect(zh).not.toContain('secret');
  });

  it('adds no dummy credentials when an endpoint is not on this machine', async () => {
    const services = await startEmbeddedServices({
      dataDir: join(dataDir, 'remote'),
      env: { AWS_ENDPOINT_URL_SESV2: 'https://email.us-east-1.amazonaws.com' },
      ports: ANY_PORT,
    });
    await services.close();

    expect(services.started.ses).toBeUndefined();
    expect(services.started.dynamodb).toBeDefined();
    expect(services.env()['AWS_ACCESS_KEY_ID']).toBeUndefined();
  });

  it('names the busy port and the variable that moves it, and leaves nothing running', async () => {
    // Prepare
    const busy = await occupyPort();
    const dir = join(dataDir, 'busy');

    try {
      // Act
      const fromOption = startEmbeddedServices({
        dataDir: dir,
        env: {},
        ports: { ...ANY_PORT, wecom: busy.port },
      });
      // Caught at once: it may fail while the first one is still being checked, and a rejection nobody
      // is listening to yet fails the whole test run.
      const fromEnv = startEmbeddedServices({
        dataDir: join(dataDir, 'busy-env'),
        env: { CHURN_WATCH_DYNAMODB_PORT: String(busy.port) },
        ports: { ses: 0, wecom: 0 },
      }).catch((caught: unknown) => caught);

      // Assess
      await expect(fromOption).rejects.toThrow(PortInUseError);
      await expect(fromOption).rejects.toThrow(
        `port ${busy.port} on 127.0.0.1 is already in use. Stop the program using it or set CHURN_WATCH_WECOM_PORT`,
      );
      const error = await fromEnv;
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as PortInUseError).describe('zh-CN')).toContain(
        `127.0.0.1:${busy.port} 端口已被占用。请关闭占用该端口的程序，或设置环境变量 CHURN_WATCH_DYNAMODB_PORT`,
      );
      // dynalite had started before the WeCom port failed; its folder must be free again.
      const again = await startEmbeddedServices({ dataDir: dir, env: {}, ports: ANY_PORT });
      await again.close();
    } finally {
      await new Promise<void>((resolve) => busy.server.close(() => resolve()));
    }
  });

  it('rejects a port setting that is not a port, naming the variable, before starting anything', async () => {
    const dir = join(dataDir, 'bad-port');
    await expect(
      startEmbeddedServices({
        dataDir: dir,
        env: { CHURN_WATCH_SES_PORT: '80o5' },
        ports: { dynamodb: 0, wecom: 0 },
      }),
    ).rejects.toThrow('CHURN_WATCH_SES_PORT=80o5');
    expect(existsSync(dir)).toBe(false);
  });
});
