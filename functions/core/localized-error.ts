import type { Locale } from './locale.ts';

/** Words for a person in the language they read: built outside the domain, from the catalogues (functions/text). */
export type Wording = (locale: Locale) => string;

/**
 * The base of every error a person is meant to read: `error.message` is English for logs, and
 * {@link LocalizedError.describe} gives the reader's language. The CLI prints `describe()` alone, never a stack
 * trace. The words come from outside: the domain has none (it raises a {@link ProblemError}, a code and values,
 * and functions/text words it).
 */
export class LocalizedError extends Error {
  override readonly name: string = 'LocalizedError';
  readonly #words: Wording;

  constructor(words: Wording, options?: { cause?: unknown }) {
    super(words('en'), options);
    this.#words = words;
  }

  describe(locale: Locale): string {
    return this.#words(locale);
  }
}

/**
 * An error about something a person gave the domain (a setting's name, a time of day), as a code and the
 * values that explain it: functions/text words it for people (`describeError`); `message` is the problem as
 * JSON, for logs.
 */
export class ProblemError<P extends { code: string }> extends Error {
  override readonly name: string = 'ProblemError';

  constructor(
    readonly problem: P,
    options?: { cause?: unknown },
  ) {
    super(JSON.stringify(problem), options);
  }
}
