import type { Locale } from './locale.ts';

/** A text in each language an admin may read. */
export type LocalizedText = Record<Locale, string>;

/**
 * The base of every error a person is meant to read: `error.message` is English for logs, and
 * {@link LocalizedError.describe} gives the admin's language. The CLI prints `describe()` alone, never a
 * stack trace.
 */
export class LocalizedError extends Error {
  override readonly name: string = 'LocalizedError';
  readonly #text: LocalizedText;

  constructor(text: LocalizedText, options?: { cause?: unknown }) {
    super(text.en, options);
    this.#text = text;
  }

  describe(locale: Locale): string {
    return this.#text[locale];
  }
}
