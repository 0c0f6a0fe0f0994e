import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordRunningStack } from '../../../functions/entry-points/cli/running-stack.ts';
import { runCli } from './run-cli.ts';

// What an admin sees when a command that needs the database has none to talk to, or mistypes an option.

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('a command with no database to talk to', () => {
  it('says which variable to set instead of an internal error', async () => {
    // Prepare: no endpoint, no credentials, no profile (as on a fresh machine)
    for (const key of [
      'AWS_ENDPOINT_URL_DYNAMODB',
      'AWS_ENDPOINT_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      delete process.env[key];
    }
    Object.assign(process.env, {
      AWS_PROFILE: 'churn-watch-test-no-such-profile',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    // Act
    const run = await runCli('config', 'get');
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000');
    expect(run.stderr).not.toContain('内部错误');
  });

  it('gives the exact export line of the npm start running here, its ports included', async () => {
    // Prepare: no endpoint, no credentials; an npm start (this process stands in for it) on other ports
    for (const key of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID']) {
      delete process.env[key];
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-running-'));
    Object.assign(process.env, {
      CHURN_WATCH_DATA_DIR: dataDir,
      AWS_PROFILE: 'churn-watch-test-no-such-profile',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const line =
      'export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:41897 AWS_ENDPOINT_URL_SESV2=http://127.0.0.1:41217';
    const forget = recordRunningStack(dataDir, line);

    // Act
    const running = await runCli('config', 'get');
    forget();
    const stopped = await runCli('config', 'get');
    // A stack that died without cleaning up (its process is gone) is not pointed at either
    writeFileSync(join(dataDir, 'running.json'), JSON.stringify({ pid: 2 ** 22 + 7, exportLine: line }));
    const crashed = await runCli('config', 'get');

    // Assess
    expect(running.code).toBe(1);
    expect(running.stderr).toContain(`npm start 正在运行，先在这个终端执行：\n  ${line}`);
    for (const other of [stopped, crashed]) {
      expect(other.stderr).not.toContain('41897');
      expect(other.stderr).toContain('export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000');
    }
  });

  it('names the endpoint nobody answers on', async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const run = await runCli('config', 'get', '--lang', 'en');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Nothing answers at http://127.0.0.1:9: is the local stack running (npm start)?',
    );
  });
});

describe('a mistyped option', () => {
  it('is refused in the admin language', async () => {
    const zh = await runCli('evaluate', '--bogus');
    const en = await runCli('evaluate', '--bogus', '--lang', 'en');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('未知选项 --bogus');
    expect(en.stderr).toContain('unknown option --bogus');
  });
});
