import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;

describe('npm start -- --once (the whole product on embedded services)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'churn-watch-local-'));
  // Free ports, so the test runs next to a developer's own `npm start`.
  const env = {
    ...process.env,
    CHURN_WATCH_DATA_DIR: dataDir,
    CHURN_WATCH_DYNAMODB_PORT: '0',
    CHURN_WATCH_SES_PORT: '0',
    CHURN_WATCH_WECOM_PORT: '0',
    CHURN_WATCH_API_PORT: '0',
    CHURN_WATCH_ADMIN_PORT: '0',
    AWS_ENDPOINT_URL_DYNAMODB: '',
    AWS_ENDPOINT_URL_SESV2: '',
    AWS_ENDPOINT_URL: '',
  };
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SESV2', 'AWS_ENDPOINT_URL'] as const)
    delete env[name];

  it('seeds the demo on first run, prints every address, runs the daily cycle and the weekly summary', async () => {
    const { stdout, stderr } = await run(
      'npm',
      ['start', '--silent', '--', '--once', '--as-of', '2026-11-20'],
      {
        cwd: root,
        env,
      },
    );
    expect(stderr).toContain('首次运行：导入演示经销商');
    expect(stderr).toMatch(/DynamoDB（dynalite，数据目录 .*dynamodb）：http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/邮件收件箱（SES）：http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/企业微信机器人消息：http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/入库 API：http:\/\/127\.0\.0\.1:\d+\/v1\/.*x-api-key: \S+/);
    expect(stderr).toMatch(/设置页面（阈值、修改、历史）：http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout).toContain('评估日期 2026-11-20');
    expect(stdout).toMatch(/共 400 位客户，\d+ 位有流失风险/);
    // The daily cycle ran: every demo rep got a digest, the manager a weekly summary
    expect(stdout).toContain('本次发送 3（此前已发送 0），待重试 0，失败 0，状态不明 0');
    expect(stdout).toContain('1 位经理，本次发送 1 份');
    // One model's line: the one that scored the list above, not the weekly refit's for the days after
    expect(stdout.match(/风险评分：/g)).toHaveLength(1);
    expect(stdout).not.toContain('学习模型已训练');
    // The line the CLI in another terminal needs, with both endpoints
    expect(stderr).toMatch(
      /export AWS_ENDPOINT_URL_DYNAMODB=http:\/\/127\.0\.0\.1:\d+ AWS_ENDPOINT_URL_SESV2=http:\/\/127\.0\.0\.1:\d+/,
    );
    // ... and where the digests' answer links point and what signs them, so `run` there signs them too
    expect(stderr).toMatch(/ CHURN_WATCH_ACTION_URL=http:\/\/127\.0\.0\.1:\d+ /);
    expect(stderr).toContain(` CHURN_WATCH_ACTION_KEY_FILE=${join(dataDir, 'action-key')}\n`);
    expect(statSync(join(dataDir, 'action-key')).mode & 0o777).toBe(0o600);
    // --once closes the inbox on exit: it says how to read the messages instead of pointing at a closed page
    expect(stderr).toContain(
      '已随本次运行结束而关闭：要查看消息或继续使用命令行，请运行 npm start（不带 --once）',
    );
    expect(stderr).not.toMatch(/晨报和周报：邮件在 http/);
    expect(stderr).not.toContain('digest --rep');
    // The demo import shows its progress in the admin's words
    expect(stderr).toContain('导入订单（orders）');
    // The demo's files are clean: no column the import does not use
    expect(stderr).not.toContain('未使用');
  }, 120_000);

  it('keeps the data on disk: a second run does not seed again and sends nothing twice', async () => {
    const first = await run(
      'npm',
      ['start', '--silent', '--', '--once', '--as-of', '2026-11-20', '--lang', 'en'],
      {
        cwd: root,
        env,
      },
    );
    expect(first.stderr).not.toContain('First run');
    expect(first.stdout).toMatch(/400 customers, \d+ at risk/);
    // Nothing is sent twice for a day already done
    expect(first.stdout).toContain('0 sent now (3 sent earlier)');
    expect(first.stdout).toContain('0 sent now (1 sent earlier)');
  }, 120_000);

  it('names the setting to change when a port is taken, without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as { port: number };
    try {
      const failed = await run('node', ['bin/churn-watch.js', 'local', '--once', '--lang', 'en'], {
        cwd: root,
        env: { ...env, CHURN_WATCH_WECOM_PORT: String(port) },
      }).catch((error: { code: number; stderr: string }) => error);
      expect('code' in failed && failed.code).toBe(1);
      expect(failed.stderr).toContain('CHURN_WATCH_WECOM_PORT');
      expect(failed.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
