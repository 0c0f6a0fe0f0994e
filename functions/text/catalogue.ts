import type { Locale } from '../core/locale.ts';
import { en } from './en/index.ts';
import { type Catalogue, zhCN } from './zh-CN/index.ts';

export type { Catalogue };

/**
 * User-facing text lives in one catalogue per locale (`zh-CN/`, `en/`), an area per file, never in logic files:
 * a wording change touches a catalogue only, and a third language is a third folder. An entry is a string or a
 * function that arranges words around values it is given already formatted (money, dates, percentages); it
 * computes nothing. The Chinese catalogue defines the shape and the English one is typed by it, so a missing or
 * extra key fails to compile; test/text/catalogues.test.ts checks the same at run time. These are the areas read
 * wherever churn-watch runs, the Lambdas included; what only the command line and the local runtime say is a
 * second catalogue (cli-catalogue.ts, `zh-CN/cli/`, `en/cli/`), so no Lambda bundles it.
 */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { 'zh-CN': zhCN, en };

/** The catalogue a person reads in. */
export const textFor = (locale: Locale): Catalogue => CATALOGUES[locale];
