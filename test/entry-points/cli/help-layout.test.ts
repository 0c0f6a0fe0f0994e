import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { layOutHelp } from '../../../functions/entry-points/cli/help-layout.ts';
import { cliTextFor } from '../../../functions/text/cli-catalogue.ts';
import { runCli } from './run-cli.ts';

const COMMANDS = [
  'evaluate',
  'local',
  'init',
  'import',
  'rebuild-profiles',
  'run',
  'deliveries',
  'digest',
  'snooze',
  'config',
  'backtest',
  'bgnbd',
  'risk',
  'effect',
  'answers',
];

/** The words of a text, whatever the lines and spaces between them (and an example's ` \` line ends). */
const words = (text: string) => text.replace(/\\\n|\s/g, '');

describe('every --help in an 80-column terminal', () => {
  it.each(['zh-CN', 'en'] as const)(
    'fits every line of every help in %s, with nothing left out',
    async (lang) => {
      for (const command of [undefined, ...COMMANDS]) {
        // Act
        const run = await runCli(...(command ? [command] : []), '--help', '--lang', lang);

        // Assess: CJK characters take two columns
        expect(run.code).toBe(0);
        const over = run.stdout.split('\n').filter((line) => stringWidth(line) > 80);
        expect(over, `churn-watch ${command ?? ''} --help`).toEqual([]);
        const help: Record<string, string> = cliTextFor(lang).help;
        const source =
          help[command === undefined ? 'main' : command.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())];
        expect(words(run.stdout)).toBe(words(source ?? ''));
      }
    },
  );
});

describe('every --help keeps its groups and examples whole', () => {
  it.each(['zh-CN', 'en'] as const)('never breaks inside a […] group in %s', async (lang) => {
    for (const command of [undefined, ...COMMANDS]) {
      const run = await runCli(...(command ? [command] : []), '--help', '--lang', lang);

      const unbalanced = run.stdout
        .split('\n')
        .filter((line) => line.split('[').length !== line.split(']').length);
      expect(unbalanced, `churn-watch ${command ?? ''} --help`).toEqual([]);
    }
  });

  it.each([
    ['zh-CN', '示例：'],
    ['en', 'Examples:'],
  ] as const)('shows two evaluate examples in %s, each pasteable as printed', async (lang, heading) => {
    const run = await runCli('evaluate', '--help', '--lang', lang);

    // Each example is one command: its lines joined where they end with a backslash
    const examples = run.stdout
      .split(`${heading}\n`)[1]
      ?.split('\n\n')[0]
      ?.replace(/ \\\n +/g, ' ')
      .split('\n')
      .filter((line) => line !== '');
    expect(examples).toHaveLength(2);
    for (const example of examples ?? []) {
      expect(example).toMatch(/^ {2}npx churn-watch evaluate --orders \S+\.csv .*--as-of 2026-11-20/);
    }
  });
});

describe('layOutHelp', () => {
  it('hangs a broken description under its start, and never joins the line after it', () => {
    const help = [
      `  --as-of 日期   ${'以哪一天为今天'.repeat(6)}`,
      `                 ${'默认为配置时区的今天'.repeat(2)}`,
      '  --force        短',
    ].join('\n');

    const laid = layOutHelp(help).split('\n');

    expect(laid[0]).toMatch(/^ {2}--as-of 日期 {3}以哪一天/);
    expect(laid[1]).toMatch(/^ {17}\S/);
    expect(laid.slice(2)).toEqual([
      `                 ${'默认为配置时区的今天'.repeat(2)}`,
      '  --force        短',
    ]);
    expect(laid.every((line) => stringWidth(line) <= 80)).toBe(true);
  });

  it('leaves lines that fit as written, spaces beside Chinese included', () => {
    const help = '用 BG/NBD 模型拟合\n请设置 CHURN_WATCH_SCHEDULE_PREFIX（例如 churn-watch-prod-）';

    expect(layOutHelp(help)).toBe(help);
  });

  it('never starts a line with ，or 。 or ” and never breaks a Latin word', () => {
    const laid = layOutHelp(`${'业务员'.repeat(25)}“提醒”，AWS_ENDPOINT_URL_DYNAMODB 是地址。`).split('\n');

    expect(laid.every((line) => !/^[，。”]/.test(line))).toBe(true);
    expect(laid.some((line) => line.includes('AWS_ENDPOINT_URL_DYNAMODB'))).toBe(true);
  });

  it('never breaks inside a key, a […] group or between churn-watch and its command', () => {
    const key = `${'设置'.repeat(30)}rules.‹规则›.tiers 和 rules.<规则>.flag`;
    const groups = `用法：churn-watch digest --rep 业务员编号 [--as-of YYYY-MM-DD] --preview [--out 文件] [--channel email|wecom]\n\n说明`;
    const command = `${'x'.repeat(64)} 用 churn-watch evaluate --help`;

    const laid = [key, groups, command].map((text) => layOutHelp(text).split('\n'));

    expect(laid[0]?.some((line) => line.includes('rules.‹规则›.tiers'))).toBe(true);
    expect(laid[1]).toEqual([
      '用法：churn-watch digest --rep 业务员编号 [--as-of YYYY-MM-DD] --preview',
      '                         [--out 文件] [--channel email|wecom]',
      '',
      '说明',
    ]);
    expect(laid[2]?.some((line) => line.includes('churn-watch evaluate'))).toBe(true);
  });

  it('never breaks an example, with or without npx', () => {
    const example = `usage\n\n  npx churn-watch config set ${'rules.inactive.days=21 '.repeat(3)}--reason "earlier"`;

    expect(layOutHelp(example)).toBe(example);
  });
});
