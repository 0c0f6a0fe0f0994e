import type { Locale } from '../core/locale.ts';
import { CATALOGUES, type Catalogue } from './catalogue.ts';
import { enCli } from './en/cli/index.ts';
import { type CliAreas, zhCNCli } from './zh-CN/cli/index.ts';

/** The shared catalogue and the command line's own areas: everything the CLI and the local runtime say. */
export type CliCatalogue = Catalogue & CliAreas;

/**
 * The words only the command line and the local runtime (`churn-watch local`, its admin page) say: `--help`,
 * the commands' output and refusals, the admin page. A module of its own, because esbuild bundles a whole
 * object or none of it: the Lambdas reach only `textFor` (catalogue.ts) and leave these areas out of their
 * zips. `.dependency-cruiser.mjs` keeps it so (no Lambda handler may reach this module).
 */
export const CLI_CATALOGUES: Readonly<Record<Locale, CliCatalogue>> = {
  'zh-CN': { ...CATALOGUES['zh-CN'], ...zhCNCli },
  en: { ...CATALOGUES.en, ...enCli },
};

/** The catalogue a person reads in at the command line: the shared areas and the CLI's own. */
export const cliTextFor = (locale: Locale): CliCatalogue => CLI_CATALOGUES[locale];

/**
 * Words for an error from the CLI catalogue, for a `LocalizedError` raised by the command line, the local
 * runtime or the files they read: `worded` (errors.ts) for the CLI's own areas.
 */
export const cliWorded =
  (pick: (text: CliCatalogue) => string) =>
  (locale: Locale): string =>
    pick(cliTextFor(locale));
