import { readFile } from 'node:fs/promises';
import { type ChurnConfig, DEFAULT_CONFIG, effectiveRetentionDays, parseConfig } from '../../core/config.ts';
import { type Day, parseIsoDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import {
  type BuildStats,
  type CustomerProfile,
  ProfileBuilder,
  type ProfileEvents,
} from '../../core/profile.ts';
import type { AnswerRecord, Customer, CustomerEvent, OrderLine } from '../../core/records.ts';
import type { RecordKind } from '../../adapters/csv/columns.ts';
import { formatRowIssue, InputFileError, type RowIssue } from '../../adapters/csv/errors.ts';
import { readOrderProfiles, readRecordFile } from '../../adapters/csv/read-records.ts';
import { type CommandIo, UsageError } from './io.ts';
import { describeFieldProblem } from '../../text/problems.ts';
import { cliTextFor, cliWorded } from '../../text/cli-catalogue.ts';

/** Reading what `evaluate` and `backtest` are given: the exported files and the thresholds. */

const MAX_ISSUES_SHOWN = 20;

/** What an export holds besides its orders. */
export interface ExportFiles {
  customers: Map<string, Customer>;
  /** Visits, coupons and complaints; no `visits` without a visits file: none is then "overdue". */
  events: ProfileEvents;
  /** Reps' answers to warnings (`backtest --answers`); undefined without an answers file. */
  answers?: AnswerRecord[];
  skipped: number;
}

/** An export with every order line kept (`backtest` builds profiles as of several days from them). */
export interface LoadedInput extends ExportFiles {
  lines: OrderLine[];
}

/** An export with its orders read straight into the profiles as of one day (`evaluate`). */
export interface ProfiledInput extends ExportFiles {
  profiles: Map<string, CustomerProfile>;
  stats: BuildStats;
}

/**
 * The defaults with the overrides of a `--config` JSON file, validated; a bad file names itself. Without a
 * file, the defaults as they are: validating them gives them back unchanged (test/core/config.test.ts), and
 * the first validation of the settings' schema is a measurable part of a run over a small export.
 */
export async function loadConfigFile(path: string | undefined, locale: Locale): Promise<ChurnConfig> {
  if (!path) return structuredClone(DEFAULT_CONFIG);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputFileError(
      path,
      cliWorded((text) => text.evaluate.configFile.unreadable(path)),
      { cause: error },
    );
  }
  let overrides: unknown;
  try {
    overrides = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputFileError(
      path,
      cliWorded((text) => text.evaluate.configFile.notJson(path, (error as Error).message)),
      { cause: error },
    );
  }
  const result = parseConfig(overrides);
  if (!result.ok) {
    const lines = result.issues
      .map((issue) => `  ${issue.field}: ${describeFieldProblem(issue.problem, locale)}`)
      .join('\n');
    throw new UsageError(`${cliTextFor(locale).evaluate.configFile.invalid(path)}\n${lines}`);
  }
  return result.config;
}

/** How the orders file is read: into records, or into profiles; what the rest of the reading needs of it. */
type OrdersReader<T> = (
  path: string,
) => Promise<{ notices: readonly string[]; issues: readonly RowIssue[]; orders: T }>;

/**
 * Reads the export files given (orders, master data, events). Without `skipInvalid` the first file with bad
 * rows stops the run; with it, the skipped rows are listed on stderr and counted.
 */
async function loadInput<T>(
  files: Partial<Record<'orders' | 'customers' | 'visits' | 'coupons' | 'complaints' | 'answers', string>>,
  options: { timeZone: string; locale: Locale; skipInvalid: boolean },
  io: CommandIo,
  readOrders: OrdersReader<T>,
): Promise<ExportFiles & { orders: T | undefined }> {
  const issues: RowIssue[] = [];
  const noted = <F extends { notices: readonly string[]; issues: readonly RowIssue[] }>(result: F): F => {
    for (const notice of result.notices) io.err(`${notice}\n`);
    issues.push(...result.issues);
    return result;
  };
  const read = async <R>(kind: RecordKind, path: string | undefined): Promise<R[] | undefined> => {
    if (!path) return undefined;
    return noted(await readRecordFile(path, kind, options)).records as R[];
  };
  const orders = files.orders ? noted(await readOrders(files.orders)).orders : undefined;
  const customerList = (await read<Customer>('customers', files.customers)) ?? [];
  const visits = await read<CustomerEvent>('visits', files.visits);
  const coupons = await read<CustomerEvent>('coupons', files.coupons);
  const complaints = await read<CustomerEvent>('complaints', files.complaints);
  const answers = await read<AnswerRecord>('answers', files.answers);
  // Without --skip-invalid the reader throws on the first file with bad rows (every issue listed), so
  // issues here are rows that were skipped on purpose: say which, and how many.
  if (issues.length > 0) {
    const shown = issues
      .slice(0, MAX_ISSUES_SHOWN)
      .map((issue) => `  ${formatRowIssue(issue, options.locale)}`);
    const more = issues.length - shown.length;
    if (more > 0) shown.push(cliTextFor(options.locale).cli.moreIssues(more));
    io.err(`${shown.join('\n')}\n`);
  }
  const customers = new Map<string, Customer>();
  for (const customer of customerList)
    customers.set(customer.customerId, { ...customers.get(customer.customerId), ...customer });
  const skipped = new Set(issues.map((issue) => `${issue.file}:${issue.line}`)).size;
  const events: ProfileEvents = {
    ...(visits ? { visits } : {}),
    ...(coupons ? { coupons } : {}),
    ...(complaints ? { complaints } : {}),
  };
  return { orders, customers, events, ...(answers ? { answers } : {}), skipped };
}

type ExportValues = Partial<
  Record<'config' | 'customers' | 'visits' | 'coupons' | 'complaints' | 'answers', string>
> & {
  'skip-invalid'?: boolean;
};

/** The files an export's flags name, with the orders file given apart. */
const filesOf = (values: ExportValues, orders: string) => ({
  orders,
  customers: values.customers,
  visits: values.visits,
  coupons: values.coupons,
  complaints: values.complaints,
  answers: values.answers,
});

/**
 * The settings and the export of a command over an export (`backtest`): `--config` over the defaults, then
 * the files its flags name, read in the configured zone, every order line kept.
 */
export async function loadExport(
  values: ExportValues,
  orders: string,
  locale: Locale,
  io: CommandIo,
): Promise<{ config: ChurnConfig; input: LoadedInput }> {
  const config = await loadConfigFile(values.config, locale);
  const options = { timeZone: config.timeZone, locale, skipInvalid: values['skip-invalid'] ?? false };
  const { orders: lines, ...files } = await loadInput(filesOf(values, orders), options, io, async (path) => {
    const file = await readRecordFile(path, 'orders', options);
    return { notices: file.notices, issues: file.issues, orders: file.records };
  });
  return { config, input: { lines: lines ?? [], ...files } };
}

/**
 * The settings and the export of `evaluate`, as of one day: like {@link loadExport}, but the orders file
 * goes straight into the customers' profiles as it is read (every row still checked), which is what keeps
 * a run over a big export fast.
 */
export async function loadExportProfiles(
  values: ExportValues,
  orders: string,
  asOf: Day,
  locale: Locale,
  io: CommandIo,
): Promise<{ config: ChurnConfig; input: ProfiledInput }> {
  const config = await loadConfigFile(values.config, locale);
  const options = { timeZone: config.timeZone, locale, skipInvalid: values['skip-invalid'] ?? false };
  const { orders: builder, ...files } = await loadInput(
    filesOf(values, orders),
    options,
    io,
    async (path) => {
      const file = await readOrderProfiles(path, {
        ...options,
        asOf,
        retentionDays: effectiveRetentionDays(config),
      });
      return { notices: file.notices, issues: file.issues, orders: file.profiles };
    },
  );
  const { profiles, stats } = (builder ?? new ProfileBuilder({ asOf, retentionDays: 0 })).finish(
    files.events,
  );
  return { config, input: { profiles, stats, ...files } };
}

/** The two flags every command over an export needs: the orders file and the as-of day, checked. */
export function requireOrdersAndDay(
  values: { orders?: string | undefined; 'as-of'?: string | undefined },
  locale: Locale,
): { orders: string; asOf: Day } {
  const text = cliTextFor(locale).cli;
  if (!values.orders) throw new UsageError(text.ordersRequired);
  if (!values['as-of']) throw new UsageError(text.asOfRequired);
  const asOf = parseIsoDay(values['as-of']);
  if (asOf === null) {
    throw new UsageError(text.asOfInvalid(values['as-of']));
  }
  return { orders: values.orders, asOf };
}

/** The flags that name an export's files and its settings, the same for `evaluate` and `backtest`. */
export const EXPORT_INPUT_OPTIONS = {
  orders: { type: 'string' },
  customers: { type: 'string' },
  visits: { type: 'string' },
  complaints: { type: 'string' },
  coupons: { type: 'string' },
  config: { type: 'string' },
  'as-of': { type: 'string' },
} as const;
