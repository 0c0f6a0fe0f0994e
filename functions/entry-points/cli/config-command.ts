import { parseArgs } from 'node:util';
import { scheduleFollowerFromEnv } from '../../adapters/scheduler/schedule-sync.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  configHistory,
  dynamoConfigStore,
  InvalidConfigError,
  loadConfig,
  readCurrentConfig,
  readCurrentOverrides,
  StoredConfigError,
} from '../../adapters/dynamodb/config-store.ts';
import { dynamoPreviewStore } from '../../adapters/dynamodb/preview-store.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import { DEFAULT_CONFIG, parseConfig } from '../../core/config.ts';
import { type ConfigDocument, ConfigKeyError, parseAssignment, setAt } from '../../core/config-keys.ts';
import type { Locale } from '../../core/locale.ts';
import { previewConfig } from '../../use-cases/settings/preview-config.ts';
import { adminName } from '../../use-cases/settings/config-text.ts';
import {
  rollbackSettings,
  type ScheduleOutcome,
  type SettingsDeps,
  saveSettings,
} from '../../use-cases/settings/change-settings.ts';
import {
  describeCurrent,
  describeRollback,
  describeSaved,
  describeSchedules,
  describeUnreadable,
  renderConfig,
  renderHistory,
  renderKeys,
  renderPreview,
} from './config-output.ts';
import { choiceRefused, type CommandIo, extraRefused, UsageError } from './io.ts';
import { parseAsOf } from './run-command.ts';
import { openStore } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';
import { describeError } from '../../text/errors.ts';

type Subcommand = 'get' | 'set' | 'preview' | 'history' | 'rollback';
const SUBCOMMANDS: readonly Subcommand[] = ['get', 'set', 'preview', 'history', 'rollback'];

/** A config command as the admin typed it, checked: each option given only to a subcommand that reads it. */
interface ConfigRequest {
  subcommand: Subcommand;
  /** Setting names (get), assignments (set, preview) or a version (rollback). */
  args: string[];
  format: 'table' | 'json';
  reason: string;
  by: string | undefined;
  asOf: string | undefined;
}

export async function configCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const request = parseConfigArgs(argv, locale);
  if (request === 'help') {
    io.out(`${cliTextFor(locale).help.config}\n`);
    return 0;
  }
  const { subcommand, args, format } = request;
  const store = openStore();
  try {
    const { doc, tables } = store;
    switch (subcommand) {
      case 'get': {
        const current = await readCurrentConfig(doc, tables.config);
        const body =
          args.length > 0
            ? renderKeys(current.config, args, format, locale)
            : renderConfig(current.config, format, locale);
        // JSON stays a clean document for scripts; the version line goes where people still see it.
        if (format === 'json') io.err(`${describeCurrent(current, locale)}\n`);
        else io.out(`${describeCurrent(current, locale)}\n\n`);
        io.out(`${body}\n`);
        return 0;
      }
      case 'set': {
        const current = await readCurrentOverrides(doc, tables.config);
        const { saved, schedules } = await saveSettings(settings(store), {
          overrides: applyAssignments(current.overrides, args),
          changedBy: adminName(request.by),
          reason: request.reason,
          expectedVersion: current.version,
        });
        io.out(describeSaved(saved, locale));
        return printSchedules(schedules, io, locale);
      }
      case 'rollback': {
        const toVersion = args[0] === undefined ? undefined : parseVersion(args[0], locale);
        const { saved, schedules } = await rollbackSettings(settings(store), {
          ...(toVersion === undefined ? {} : { toVersion }),
          changedBy: adminName(request.by),
          reason: request.reason,
        });
        io.out(describeRollback(saved, locale));
        return printSchedules(schedules, io, locale);
      }
      case 'history': {
        // The history is how an admin finds a good version to go back to: a stored config that no longer
        // validates must not hide it.
        const timeZone = await loadConfig(doc, tables.config).then(
          ({ config }) => config.timeZone,
          (error: unknown) => {
            if (error instanceof StoredConfigError) return DEFAULT_CONFIG.timeZone;
            throw error;
          },
        );
        const history = await configHistory(doc, tables.config);
        io.out(`${renderHistory(history, timeZone, format, locale)}\n`);
        return 0;
      }
      case 'preview': {
        const current = await readCurrentConfig(doc, tables.config);
        const asOf = parseAsOf(request.asOf, locale, current.config.timeZone);
        const { preview, unreadable } = await previewConfig(
          dynamoPreviewStore(doc, tables, Number(process.env.CHURN_WATCH_SCAN_SEGMENTS ?? 4)),
          { current, overrides: applyAssignments(current.overrides, args), asOf },
        );
        if (unreadable.length > 0) io.err(describeUnreadable(unreadable, locale));
        io.out(`${format === 'json' ? JSON.stringify(preview, null, 2) : renderPreview(preview, locale)}\n`);
        return 0;
      }
    }
  } finally {
    store.close();
  }
}

/** The arguments, checked before anything is read: `help`, or the request. @throws UsageError */
function parseConfigArgs(argv: string[], locale: Locale): ConfigRequest | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'table' },
      reason: { type: 'string' },
      by: { type: 'string' },
      'as-of': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  const { refused } = cliTextFor(locale).settings;
  const [which, ...args] = positionals;
  if (!SUBCOMMANDS.includes(which as Subcommand)) {
    throw choiceRefused('config', SUBCOMMANDS, positionals, cliTextFor(locale).help.config, locale);
  }
  const subcommand = which as Subcommand;
  const changing = subcommand === 'set' || subcommand === 'rollback';
  // An option given to the wrong subcommand is a misunderstanding worth pointing out, not ignoring.
  if (!changing && (values.reason !== undefined || values.by !== undefined)) {
    throw new UsageError(refused.reasonOrByOnlyWhenChanging);
  }
  if (subcommand !== 'preview' && values['as-of'] !== undefined) {
    throw new UsageError(refused.asOfOnlyInPreview);
  }
  if (values.format !== 'table' && values.format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['table', 'json']));
  }
  if (changing && values.format === 'json') throw new UsageError(refused.noFormat(subcommand));
  if (changing && !values.reason?.trim()) {
    // Refused once with everything wrong, as the admin page does: the values it can check, then the reason.
    const valueProblems = subcommand === 'set' ? refusedValues(args, locale) : [];
    throw new UsageError([...valueProblems, refused.reasonRequired].join('\n'));
  }
  if ((subcommand === 'set' || subcommand === 'preview') && args.length === 0) {
    throw new UsageError(refused.settingsRequired(subcommand));
  }
  if ((subcommand === 'history' && args.length > 0) || (subcommand === 'rollback' && args.length > 1)) {
    throw extraRefused(
      'config',
      args.slice(subcommand === 'rollback' ? 1 : 0),
      cliTextFor(locale).help.config,
      locale,
    );
  }
  return {
    subcommand,
    args,
    format: values.format,
    reason: values.reason ?? '',
    by: values.by,
    asOf: values['as-of'],
  };
}

function applyAssignments(overrides: ConfigDocument, assignments: readonly string[]): ConfigDocument {
  return assignments.reduce((document, text) => {
    const { key, value } = parseAssignment(text);
    return setAt(document, key, value);
  }, overrides);
}

/**
 * What is wrong with `assignments` on their own (against the defaults, before the stored settings are read):
 * a malformed `key=value` or an unknown key, or each value refused with what it allows. Empty when all pass.
 */
function refusedValues(assignments: readonly string[], locale: Locale): string[] {
  let changed: ConfigDocument = {};
  try {
    changed = applyAssignments(changed, assignments);
  } catch (error) {
    if (error instanceof ConfigKeyError) return [describeError(error, locale)];
    throw error;
  }
  const parsed = parseConfig(changed);
  return parsed.ok ? [] : [new InvalidConfigError(parsed.issues).describe(locale)];
}

function parseVersion(text: string, locale: Locale): number {
  const match = /^v?(\d{1,6})$/i.exec(text.trim());
  if (!match) throw new UsageError(cliTextFor(locale).settings.refused.versionNotNumber(text));
  return Number(match[1]);
}

/** The settings use case's dependencies: the store, and on AWS (CHURN_WATCH_SCHEDULE_PREFIX set) the schedules. */
const settings = (store: {
  doc: DynamoDBDocumentClient;
  tables: Pick<TableNames, 'config'>;
}): SettingsDeps => ({
  configs: dynamoConfigStore(store.doc, store.tables.config),
  schedules: scheduleFollowerFromEnv(process.env),
});

/** Prints what a save did to the deployed schedules; exit code 1 when they could not follow. */
function printSchedules(outcome: ScheduleOutcome, io: CommandIo, locale: Locale): number {
  const { out, problem } = describeSchedules(outcome, locale);
  if (out) io.out(out);
  if (problem === undefined) return 0;
  io.err(problem);
  return 1;
}
