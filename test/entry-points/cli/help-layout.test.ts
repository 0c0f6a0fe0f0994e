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

describe('layOutHelp', () => {
  it('hangs a broken description under its start, and flows in the source line that continued it', () => {
    const help = [
      `  --as-of 日期   ${'以哪一天为今天'.repeat(6)}`,
      `                 ${'默认为配置时区的今天'.repeat(2)}`,
      '  --force        短',
    ].join('\n');

    const laid = layOutHelp(help).split('\n');

    expect(laid[0]).toMatch(/^ {2}--as-of 日期 {3}以哪一天/);
    expect(laid.slice(1, -1).every((line) => /^ {17}\S/.test(line))).toBe(true);
    expect(laid.at(-1)).toBe('  --force        短');
    expect(laid.every((line) => stringWidth(line) <= 80)).toBe(true);
  });

  it('never starts a line with ，or 。 and never breaks a Latin word', () => {
    const laid = layOutHelp(`${'业务员'.repeat(26)}，AWS_ENDPOINT_URL_DYNAMODB 是地址。`).split('\n');

    expect(laid.every((line) => !/^[，。]/.test(line))).toBe(true);
    expect(laid.some((line) => line.includes('AWS_ENDPOINT_URL_DYNAMODB'))).toBe(true);
  });

  it('ends each line of a broken example with a backslash, never inside a quoted argument', () => {
    const example = `usage\n\n  churn-watch config set ${'rules.inactive.days=21 '.repeat(2)}--reason "earlier warnings before the season"`;

    const laid = layOutHelp(example).split('\n').slice(2);

    expect(laid).toEqual([
      '  churn-watch config set rules.inactive.days=21 rules.inactive.days=21 \\',
      '      --reason "earlier warnings before the season"',
    ]);
  });
});
