import {
  type ConfigVersion,
  type CurrentConfig,
  type SavedConfig,
} from '../../adapters/dynamodb/config-store.ts';
import { type ChurnConfig, DEFAULT_CONFIG, TIERS } from '../../core/config.ts';
import { configLeaves, getAt, settingsBeside } from '../../core/config-keys.ts';
import { describeChange, formatConfigValue, localizeReason } from '../../text/settings.ts';
import type { Locale } from '../../core/locale.ts';
import { SIGNAL_ORDER } from '../../core/shown-signals.ts';
import { atRiskShare, type ConfigPreview } from '../../use-cases/settings/preview-config.ts';
import type { ScheduleOutcome } from '../../use-cases/settings/change-settings.ts';
import { formatInstant } from '../../use-cases/settings/config-text.ts';
import { explainSetting } from '../../text/config-explain.ts';
import { describeError } from '../../text/errors.ts';
import { ruleTitle, tierName } from '../../text/explain.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';
import { UsageError } from './io.ts';
import { renderTextTable } from './text-table.ts';

// What `churn-watch config` prints: the settings, a version, a save, the history, a preview and what became of
// the deployed schedules. The command (config-command.ts) parses the arguments, calls the settings use cases and
// prints what these return.

export function describeCurrent(current: CurrentConfig, locale: Locale): string {
  const text = cliTextFor(locale).settings;
  if (current.version === 0) return text.currentNeverChanged;
  const when = formatInstant(current.changedAt, current.config.timeZone);
  const who = current.changedBy ?? '—';
  const why = current.reason === null ? '—' : localizeReason(current.reason, locale);
  return text.current(current.version, who, when, current.config.timeZone, why);
}

export function renderConfig(config: ChurnConfig, format: 'table' | 'json', locale: Locale): string {
  if (format === 'json') return JSON.stringify(config, null, 2);
  const text = cliTextFor(locale).settings;
  const rows = configLeaves(config).map(({ key, value }) => {
    const fallback = getAt(DEFAULT_CONFIG, key);
    const differs = JSON.stringify(fallback) !== JSON.stringify(value);
    return [
      differs ? '*' : '',
      key,
      formatConfigValue(value, locale),
      differs ? formatConfigValue(fallback, locale) : '',
      explainSetting(key, value, locale) ?? '',
    ];
  });
  const { column } = text;
  const columns = ['', column.key, column.value, column.default, column.meaning];
  return `${renderTextTable(
    columns.map((header) => ({ header })),
    rows,
  )}\n${text.differsMark}`;
}

export function renderKeys(
  config: ChurnConfig,
  keys: readonly string[],
  format: 'table' | 'json',
  locale: Locale,
): string {
  const text = cliTextFor(locale);
  const found = keys.map((key) => {
    const value = getAt(config, key);
    if (value === undefined) {
      const beside = settingsBeside(key);
      const here = beside
        ? text.settings.settingsHere(beside.join(text.settings.allowed.optionSeparator))
        : '';
      throw new UsageError(`${text.settings.refused.noSuchSetting(key)}${here}`, 1);
    }
    return { key, value };
  });
  if (format === 'json') {
    return JSON.stringify(Object.fromEntries(found.map(({ key, value }) => [key, value])), null, 2);
  }
  return found
    .flatMap(({ key, value }) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? configLeaves(value, key)
        : [{ key, value }],
    )
    .map(({ key, value }) => {
      const meaning = explainSetting(key, value, locale);
      return `${key}=${formatConfigValue(value, locale)}${meaning ? `  # ${meaning}` : ''}`;
    })
    .join('\n');
}

export function describeSaved(saved: SavedConfig, locale: Locale): string {
  const text = cliTextFor(locale).settings;
  if (!saved.saved) return `${text.unchanged(saved.version)}\n`;
  const lines = saved.changes.map((change) => `  ${describeChange(change, locale)}`);
  return `${text.savedAs(saved.version)}\n${lines.join('\n')}\n${text.nextRun}\n`;
}

export function renderHistory(
  history: readonly ConfigVersion[],
  timeZone: string,
  format: 'table' | 'json',
  locale: Locale,
): string {
  if (format === 'json') return JSON.stringify(history, null, 2);
  const text = cliTextFor(locale).settings.history;
  if (history.length === 0) return text.empty;
  const blocks = history.map((version) => {
    const head = text.version(
      version.version,
      formatInstant(version.changedAt, timeZone),
      version.changedBy,
      localizeReason(version.reason, locale),
    );
    const changes = version.changes.map((change) => `    ${describeChange(change, locale)}`);
    return [head, ...changes].join('\n');
  });
  return `${text.timesIn(timeZone)}\n\n${blocks.join('\n\n')}`;
}

export function renderPreview(preview: ConfigPreview, locale: Locale): string {
  const text = cliTextFor(locale).settings.preview;
  const delta = (now: number, next: number) =>
    next === now ? '' : next > now ? `+${next - now}` : `−${now - next}`;
  const row = (label: string, now: number, next: number) => [
    label,
    String(now),
    String(next),
    delta(now, next),
  ];
  const table = (first: string, rows: string[][]) =>
    renderTextTable(
      [{ header: first }, ...text.counts.map((header) => ({ header, align: 'right' as const }))],
      rows,
    );
  const { current, proposed } = preview;
  const changes =
    preview.changes.length === 0
      ? [text.noChange]
      : preview.changes.map((change) => `  ${describeChange(change, locale)}`);
  // In the order every other output lists signals (digests, weekly summary, evaluate).
  const ruleRows = SIGNAL_ORDER.map((rule) =>
    row(`${rule} ${ruleTitle(rule, locale)}`, current.byRule[rule], proposed.byRule[rule]),
  );
  const tierRows = TIERS.map((tier) => {
    const now = current.byTier[tier];
    const next = proposed.byTier[tier];
    return [
      `${tier} ${tierName(tier, locale)}`,
      String(now.customers),
      String(next.customers),
      String(now.atRisk),
      String(next.atRisk),
      delta(now.atRisk, next.atRisk),
    ];
  });
  // The share as a whole percent, its change in percentage points (a change in % would read as relative).
  const [shareNow, shareNext] = [atRiskShare(current), atRiskShare(proposed)];
  const points = shareNext - shareNow;
  const totalRows = [
    row(text.atRisk, current.atRisk, proposed.atRisk),
    [
      text.share,
      `${shareNow}%`,
      `${shareNext}%`,
      points === 0 ? '' : text.points(points > 0 ? '+' : '−', Math.abs(points)),
    ],
    row(text.lost, current.lost, proposed.lost),
  ];
  return [
    text.head(preview.asOf, current.customers, preview.currentVersion),
    ...changes,
    ...(current.customers === 0 ? ['', text.noData] : []),
    '',
    text.bySignal,
    table(text.signal, ruleRows),
    '',
    text.byTier,
    renderTextTable(
      [{ header: text.tier }, ...text.tierCounts.map((header) => ({ header, align: 'right' as const }))],
      tierRows,
    ),
    '',
    table(text.total, totalRows),
    '',
    text.nothingSaved,
  ].join('\n');
}

/** The head of a rollback's report: which version came back, then what the save changed. */
export function describeRollback(saved: SavedConfig & { toVersion: number }, locale: Locale): string {
  return saved.saved
    ? `${cliTextFor(locale).settings.rolledBack(saved.toVersion)}\n${describeSaved(saved, locale)}`
    : describeSaved(saved, locale);
}

/** The customers a preview could not read, named in a note beside it (the first five). */
export function describeUnreadable(unreadable: readonly string[], locale: Locale): string {
  return `${cliTextFor(locale).settings.preview.unreadable(unreadable.length, unreadable.slice(0, 5))}\n`;
}

/**
 * What a save did to the deployed schedules: a line per schedule that moved (`out`), or why they could not
 * follow (`problem`, printed on stderr with exit code 1).
 */
export function describeSchedules(
  outcome: ScheduleOutcome,
  locale: Locale,
): { out: string; problem?: string } {
  const text = cliTextFor(locale).settings;
  if (outcome.kind === 'none') return { out: '' };
  if (outcome.kind === 'synced') {
    return {
      out: outcome.changes
        .map(
          ({ name, from, to }) =>
            `${text.scheduleMoved(name, from.expression, from.timeZone, to.expression, to.timeZone)}\n`,
        )
        .join(''),
    };
  }
  const error = outcome.error;
  const reason = describeError(error, locale);
  return { out: '', problem: `${text.schedulesNotSynced(reason)}\n` };
}
