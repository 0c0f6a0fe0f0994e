import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layOutHelp } from '../functions/entry-points/cli/help-layout.ts';
import { projectRoot } from '../functions/entry-points/cli/project-root.ts';
import { runningStackExport } from '../functions/entry-points/cli/running-stack.ts';
import {
  argsRefusal,
  type CommandIo,
  nearestChoice,
  UsageError,
  wrongForm,
} from '../functions/entry-points/cli/io.ts';
import { type Locale, LOCALES, parseLocale } from '../functions/core/locale.ts';
import { describeError, isForPeople } from '../functions/text/errors.ts';
import { cliTextFor } from '../functions/text/cli-catalogue.ts';

type Command = (args: string[], io: CommandIo, locale: Locale) => Promise<number>;

/**
 * Each command's module, loaded only when that command runs: `--help` reads none of them, and `evaluate` on a
 * file never loads the AWS SDK, dynalite or the servers that `local` needs.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  evaluate: async () => (await import('../functions/entry-points/cli/evaluate-command.ts')).evaluateCommand,
  local: async () => (await import('../functions/entry-points/cli/local-command.ts')).localCommand,
  init: async () => (await import('../functions/entry-points/cli/init-command.ts')).initCommand,
  import: async () => (await import('../functions/entry-points/cli/import-command.ts')).importCommand,
  'rebuild-profiles': async () =>
    (await import('../functions/entry-points/cli/rebuild-profiles-command.ts')).rebuildProfilesCommand,
  run: async () => (await import('../functions/entry-points/cli/run-command.ts')).runCommand,
  deliveries: async () =>
    (await import('../functions/entry-points/cli/deliveries-command.ts')).deliveriesCommand,
  digest: async () => (await import('../functions/entry-points/cli/digest-command.ts')).digestCommand,
  snooze: async () => (await import('../functions/entry-points/cli/snooze-command.ts')).snoozeCommand,
  config: async () => (await import('../functions/entry-points/cli/config-command.ts')).configCommand,
  backtest: async () => (await import('../functions/entry-points/cli/backtest-command.ts')).backtestCommand,
  bgnbd: async () => (await import('../functions/entry-points/cli/bgnbd-command.ts')).bgnbdCommand,
  risk: async () => (await import('../functions/entry-points/cli/risk-command.ts')).riskCommand,
  effect: async () => (await import('../functions/entry-points/cli/effect-command.ts')).effectCommand,
  answers: async () => (await import('../functions/entry-points/cli/answers-command.ts')).answersCommand,
};

/** A command's own help, whose usage lines are shown under a refused option. */
function commandHelp(command: string | undefined, locale: Locale): string | undefined {
  if (command === undefined || !Object.hasOwn(COMMANDS, command)) return undefined;
  const help: Record<string, string> = cliTextFor(locale).help;
  return help[command === 'rebuild-profiles' ? 'rebuildProfiles' : command];
}

/** The language of the run: `--lang` wins over CHURN_WATCH_LANG; Chinese by default. */
function localeOf(argv: string[]): { locale: Locale; rest: string[]; unknown?: string } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--lang') chosen = argv[++i];
    else if (arg.startsWith('--lang=')) chosen = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  const locale = parseLocale(chosen) ?? parseLocale(process.env.CHURN_WATCH_LANG) ?? 'zh-CN';
  return chosen !== undefined && parseLocale(chosen) === undefined
    ? { locale, rest, unknown: chosen }
    : { locale, rest };
}

const stdio: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs one command and returns the exit code; errors are reported as messages, never as stack traces. */
export async function main(argv: string[], io: CommandIo = stdio): Promise<number> {
  const { locale, rest, unknown } = localeOf(argv);
  if (unknown !== undefined) {
    io.err(
      // The language is what is unknown: said in every language there is.
      `${LOCALES.map((each) => cliTextFor(each).cli.unknownLanguage(unknown)).join('/ ')}\n`,
    );
    return 2;
  }
  const [command, ...args] = rest;
  try {
    // Own keys only: `churn-watch constructor` is an unknown command, not Object's.
    const load = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    // A command's help is answered here, laid out for an 80-column terminal, without loading the command.
    const help = commandHelp(command, locale);
    if (help !== undefined && args.some((arg) => arg === '--help' || arg === '-h')) {
      io.out(`${layOutHelp(help)}\n`);
      return 0;
    }
    if (load) return await (await load())(args, io, locale);
    switch (command) {
      case '--version':
      case 'version': {
        const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
          version: string;
        };
        io.out(`${pkg.version}\n`);
        return 0;
      }
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(`${layOutHelp(cliTextFor(locale).help.main)}\n`);
        return command === undefined ? 2 : 0;
      default: {
        // A typo (`evalute`) is answered with the call as it was likely meant, as a subcommand's typo is.
        const nearest = nearestChoice(command, Object.keys(COMMANDS));
        const meant = nearest && ['churn-watch', nearest, ...args].join(' ');
        io.err(
          `${cliTextFor(locale).cli.unknownCommand(command, meant)}\n\n${layOutHelp(cliTextFor(locale).help.main)}\n`,
        );
        return 2;
      }
    }
  } catch (error) {
    return await report(error, io, locale, command);
  }
}

async function report(
  error: unknown,
  io: CommandIo,
  locale: Locale,
  command: string | undefined,
): Promise<number> {
  const text = cliTextFor(locale).cli;
  if (error instanceof UsageError) {
    io.err(`${error.message}\n`);
    return error.exitCode;
  }
  if (isForPeople(error)) {
    // A bad input file, a busy port, a data folder in use: the admin can act on the message alone.
    io.err(`${describeError(error, locale)}\n`);
    return 1;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    const help = commandHelp(command, locale);
    const refusal = argsRefusal((error as Error).message, help ?? '', locale);
    io.err(`${help && command ? wrongForm(refusal, command, help, locale).message : refusal}\n`);
    return 2;
  }
  const where = whereToConnect(error, locale);
  if (where) {
    io.err(`${where}\n`);
    return 1;
  }
  io.err(
    `${text.internalError}: ${(error as Error)?.message ?? String(error)}\n` +
      (process.env.CHURN_WATCH_DEBUG ? `${(error as Error)?.stack ?? ''}\n` : ''),
  );
  return 70;
}

/**
 * A command that needs the database found none to talk to: no AWS credentials (usually, no endpoint set for the
 * local stack), or an endpoint nobody answers on. Says which variable to set instead of "internal error".
 */
function whereToConnect(error: unknown, locale: Locale): string | null {
  const { connect } = cliTextFor(locale).cli;
  const name = (error as { name?: unknown })?.name;
  const message = String((error as Error)?.message ?? '');
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
  if (name === 'CredentialsProviderError' || /Could not load credentials/.test(message)) {
    const running = runningStackExport();
    return running ? connect.runningLocally(running) : connect.nowhere;
  }
  const refused = (error as { code?: unknown })?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message);
  if (refused && endpoint) return connect.refused(endpoint);
  return null;
}
