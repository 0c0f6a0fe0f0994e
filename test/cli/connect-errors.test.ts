import { afterEach, describe, expect, it } from 'vitest';
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
    expect(zh.stderr).toContain('不认识的选项 --bogus');
    expect(en.stderr).toContain("Unknown option '--bogus'");
  });
});
