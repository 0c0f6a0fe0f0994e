import type { Locale } from '../../core/locale.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';
import { layOutHelp } from './help-layout.ts';

/** Where a command writes; tests hand in buffers, the CLI hands in stdout/stderr. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * A mistake in how the command was called or in what it was given, reported as its message alone
 * (no stack trace) with the exit code.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * A call in a form the command does not take: what is wrong (one line), the command's usage lines and where its
 * full help is, rather than the whole help, in which the admin would have to find the mistake themselves.
 */
export function wrongForm(what: string, command: string, help: string, locale: Locale): UsageError {
  const usage = layOutHelp(help.split('\n\n')[0] ?? help);
  return new UsageError(`${what}\n\n${usage}\n${cliTextFor(locale).cli.wrongForm.seeHelp(command)}`);
}

/**
 * A word after the command (`run dayly`) that is not one of `choices`: refused with the call as it was likely
 * meant (`churn-watch run daily`), when one choice is near enough to be a typo.
 */
export function choiceRefused(
  command: string,
  choices: readonly string[],
  positionals: readonly string[],
  help: string,
  locale: Locale,
): UsageError {
  const [given, ...rest] = positionals;
  const nearest = given === undefined ? undefined : nearestChoice(given, choices);
  const meant = nearest && ['churn-watch', command, nearest, ...rest].join(' ');
  return wrongForm(
    cliTextFor(locale).cli.wrongForm.choice(command, choices, given, meant),
    command,
    help,
    locale,
  );
}

/** Words after the command that it does not take. */
export function extraRefused(
  command: string,
  extras: readonly string[],
  help: string,
  locale: Locale,
): UsageError {
  return wrongForm(cliTextFor(locale).cli.wrongForm.extra(extras), command, help, locale);
}

/**
 * node:util parseArgs refuses in English (`Option '-h, --help' does not take an argument`); its refusals in the
 * admin's language, an unknown option with the one of the command's (as its help lists them) it was likely
 * meant as. A refusal it words in a way not foreseen here is shown as it is.
 */
export function argsRefusal(message: string, help: string, locale: Locale): string {
  const { argsRefused, wrongForm } = cliTextFor(locale).cli;
  // `'--orders <value>'`, `'-h, --help'`: the option as the admin typed it, its long name.
  const named = (quoted: string) => (quoted.split(', ').at(-1) as string).replace(/ <value>$/, '');
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const options = [...new Set([...help.matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]))];
    const option = unknown[1] as string;
    return argsRefused.unknownOption(option, nearestChoice(option, [...options, '--help', '--lang']));
  }
  const invalid = /^Option '([^']+)' (argument missing|argument is ambiguous|does not take an argument)/.exec(
    message,
  );
  if (invalid) {
    const option = named(invalid[1] as string);
    if (invalid[2] === 'argument missing') return argsRefused.missingValue(option);
    if (invalid[2] === 'argument is ambiguous') return argsRefused.valueLooksLikeOption(option);
    return argsRefused.takesNoValue(option);
  }
  const positional = /^Unexpected argument '([^']+)'/.exec(message);
  if (positional) return wrongForm.extra([positional[1] as string]);
  return message;
}

/** The choice a mistyped word was most likely meant as: a prefix either way, or one or two letters off. */
export function nearestChoice(given: string, choices: readonly string[]): string | undefined {
  const typed = given.toLowerCase();
  if (typed.length < 2) return undefined;
  const byPrefix = choices.filter((choice) => choice.startsWith(typed) || typed.startsWith(choice));
  if (byPrefix.length === 1) return byPrefix[0];
  const ranked = choices
    .map((choice) => ({ choice, distance: editDistance(typed, choice) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best && best.distance <= 2 && best.distance < typed.length / 2 ? best.choice : undefined;
}

/** Letters to insert, delete, replace or swap to turn `a` into `b` (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}
