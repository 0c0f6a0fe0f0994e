import { describe, expect, it } from 'vitest';
import { nearestChoice } from '../../../functions/entry-points/cli/io.ts';
import { runCli } from './run-cli.ts';

// Every refusal here comes before the command opens the database: no stack is needed.
describe('a command called in a wrong form', () => {
  it('says what is wrong with an import and the call as it was likely meant', async () => {
    // Act
    const typo = await runCli('import', 'order', 'x.csv');
    const noKind = await runCli('import', 'x.csv');
    const noFile = await runCli('import', 'orders', '--lang', 'en');

    // Assess
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('收到「order」。是不是要 churn-watch import orders x.csv？');
    expect(typo.stderr).toContain('完整说明：churn-watch import --help');
    expect(typo.stderr).not.toContain('用法有误');
    expect(noKind.stderr).toContain('缺少数据种类');
    expect(noKind.stderr).toContain('churn-watch import orders x.csv');
    expect(noFile.stderr).toMatch(/^the file to import is missing: churn-watch import orders FILE\n/);
  });

  it('answers a mistyped command with the call as it was likely meant, in Chinese and English', async () => {
    // Act
    const zh = await runCli('evalute', '--orders', 'x');
    const en = await runCli('evalute', '--orders', 'x', '--lang', 'en');
    const unknown = await runCli('frobnicate');
    // Assess
    expect(zh.code).toBe(2);
    expect(zh.stderr.split('\n')[0]).toBe('未知命令：evalute。是不是要 churn-watch evaluate --orders x？');
    expect(en.stderr.split('\n')[0]).toBe(
      'unknown command: evalute. Did you mean churn-watch evaluate --orders x?',
    );
    expect(unknown.stderr.split('\n')[0]).toBe('未知命令：frobnicate');
  });

  it('refuses a second file instead of importing the first alone', async () => {
    // Act
    const run = await runCli('import', 'orders', 'missing-a.csv', 'missing-b.csv');

    // Assess: refused before reading anything (not "file not found" for the first)
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('import 一次只导入一个文件（多出：missing-b.csv）');
  });

  it('shows the usage lines under the refusal, not the whole help', async () => {
    // Act
    const run = await runCli('run', 'dayly', '--lang', 'en');

    // Assess
    expect(run.stderr).toBe(
      'churn-watch run takes one of: daily, weekly, retry; got "dayly". Did you mean churn-watch run daily?\n\n' +
        'Usage: churn-watch run daily|weekly|retry [--as-of YYYY-MM-DD]\n' +
        'Full help: churn-watch run --help\n',
    );
  });

  it.each([
    [['run', 'daily', 'extra'], '多余的参数：extra'],
    [['config', 'sett', 'a=1'], '是不是要 churn-watch config set a=1？'],
    [['risk', 'shw'], '是不是要 churn-watch risk show？'],
    [['digest', '--preview'], '缺少 --rep'],
    [
      ['digest', '--rep', 'R1', '--preview', '--channel', 'sms'],
      '--channel 只能是 email、wecom 之一，收到「sms」',
    ],
    [['deliveries', 'resend'], '缺少要重发的记录编号'],
    [['snooze', 'C1'], '要给 --until 或 --clear（只给其中一个）'],
    [['snooze', '--clear'], '缺少客户编号'],
    [['effect', '--from', '2026-01-01'], '缺少 --to'],
    [['bgnbd', 'fit'], '缺少 --summary'],
  ])('churn-watch %j says %s', async (argv, said) => {
    // Act
    const run = await runCli(...argv);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toContain(said);
    expect(run.stderr).toContain(`churn-watch ${argv[0]} --help`);
  });
});

describe('an option node:util parseArgs refuses', () => {
  it('is worded in Chinese and in English, never in parseArgs English', async () => {
    // Act
    const typo = await runCli('evaluate', '--ordres', 'x.csv');
    const typoEn = await runCli('evaluate', '--ordres', 'x.csv', '--lang', 'en');
    const noValue = await runCli('evaluate', '--orders');
    const nextOption = await runCli('evaluate', '--orders', '--as-of', '2026-01-01');
    const valueGiven = await runCli('run', '--help=yes', '--lang', 'en');
    const extra = await runCli('init', 'now');

    // Assess
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      '未知选项 --ordres；是不是 --orders？\n\n' +
        '用法：churn-watch evaluate --orders 文件 --as-of YYYY-MM-DD [选项]\n' +
        '完整说明：churn-watch evaluate --help\n',
    );
    expect(typoEn.stderr).toMatch(/^unknown option --ordres \(did you mean --orders\?\)\n/);
    expect(noValue.stderr).toMatch(/^选项 --orders 后面缺少值\n/);
    expect(nextOption.stderr).toMatch(/^选项 --orders 后面缺少值（紧跟的是另一个选项/);
    expect(valueGiven.stderr).toMatch(/^--help takes no value\n/);
    expect(extra.stderr).toMatch(/^多余的参数：now\n\n用法：churn-watch init\n/);
    for (const run of [typo, typoEn, noValue, nextOption, valueGiven, extra]) {
      expect(run.stderr).not.toMatch(/Unknown option|argument missing|Unexpected argument|<value>/);
    }
  });
});

describe('nearestChoice', () => {
  it('takes a prefix, a swapped or missing letter, and nothing too far off', () => {
    const kinds = ['orders', 'customers', 'reps', 'visits', 'coupons', 'complaints'];
    expect(nearestChoice('order', kinds)).toBe('orders');
    expect(nearestChoice('ordres', kinds)).toBe('orders');
    expect(nearestChoice('Customer', kinds)).toBe('customers');
    expect(nearestChoice('x.csv', kinds)).toBeUndefined();
    expect(nearestChoice('s', kinds)).toBeUndefined();
  });
});
