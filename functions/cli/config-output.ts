import {
  type ConfigVersion,
  type CurrentConfig,
  type SavedConfig,
} from '../adapters/dynamodb/config-store.ts';
import { type ChurnConfig, DEFAULT_CONFIG, TIERS } from '../core/config.ts';
import {
  configLeaves,
  describeChange,
  formatConfigValue,
  getAt,
  settingsBeside,
} from '../core/config-keys.ts';
import { LocalizedError } from '../core/localized-error.ts';
import type { Locale } from '../core/locale.ts';
import { SIGNAL_ORDER } from '../core/shown-signals.ts';
import { atRiskShare, type ConfigPreview } from '../settings/preview-config.ts';
import type { ScheduleOutcome } from '../settings/change-settings.ts';
import { formatInstant, localizeReason } from '../settings/config-text.ts';
import { explainSetting } from '../text/config-explain.ts';
import { ruleTitle, tierName } from '../text/explain.ts';
import { UsageError } from './io.ts';
import { renderTextTable } from './text-table.ts';

// What `churn-watch config` prints: the settings, a version, a save, the history, a preview and what became of
// the deployed schedules. The command (config-command.ts) parses the arguments, calls the settings use cases and
// prints what these return.

export function describeCurrent(current: CurrentConfig, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (current.version === 0) {
    return zh
      ? '当前配置：版本 0（从未修改，全部为默认值）'
      : 'Current config: version 0 (never changed; all defaults)';
  }
  const when = formatInstant(current.changedAt, current.config.timeZone);
  const who = current.changedBy ?? '—';
  const why = current.reason === null ? '—' : localizeReason(current.reason, locale);
  return zh
    ? `当前配置：版本 ${current.version}，${who} 于 ${when}（${current.config.timeZone}）保存，原因：${why}`
    : `Current config: version ${current.version}, saved by ${who} at ${when} (${current.config.timeZone}): ${why}`;
}

export function renderConfig(config: ChurnConfig, format: 'table' | 'json', locale: Locale): string {
  if (format === 'json') return JSON.stringify(config, null, 2);
  const zh = locale === 'zh-CN';
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
  const columns = zh ? ['', '设置项', '值', '默认值', '说明'] : ['', 'Key', 'Value', 'Default', 'Meaning'];
  return `${renderTextTable(
    columns.map((header) => ({ header })),
    rows,
  )}\n${zh ? '* = 与默认值不同' : '* = differs from the default'}`;
}

export function renderKeys(
  config: ChurnConfig,
  keys: readonly string[],
  format: 'table' | 'json',
  locale: Locale,
): string {
  const zh = locale === 'zh-CN';
  const found = keys.map((key) => {
    const value = getAt(config, key);
    if (value === undefined) {
      const beside = settingsBeside(key);
      throw new UsageError(
        `${zh ? `没有设置项 ${key}` : `no setting ${key}`}${
          beside
            ? zh
              ? `（此处可用的设置项：${beside.join('、')}）`
              : ` (settings here: ${beside.join(', ')})`
            : ''
        }`,
        1,
      );
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
  const zh = locale === 'zh-CN';
  if (!saved.saved) {
    return zh
      ? `与当前设置相同，未做任何修改（仍为版本 ${saved.version}）。\n`
      : `The settings are the same as the current ones; nothing was changed (still version ${saved.version}).\n`;
  }
  const lines = saved.changes.map((change) => `  ${describeChange(change, locale)}`);
  return `${zh ? `已保存为版本 ${saved.version}：` : `Saved as version ${saved.version}:`}\n${lines.join('\n')}\n${
    zh ? '每日评估从下一次运行起使用新的设置。' : 'The daily run uses the new settings from its next run.'
  }\n`;
}

export function renderHistory(
  history: readonly ConfigVersion[],
  timeZone: string,
  format: 'table' | 'json',
  locale: Locale,
): string {
  if (format === 'json') return JSON.stringify(history, null, 2);
  const zh = locale === 'zh-CN';
  if (history.length === 0) {
    return zh
      ? '还没有保存过任何配置，正在使用默认值。'
      : 'No config has been saved yet; the defaults are in use.';
  }
  const blocks = history.map((version) => {
    const head = zh
      ? `版本 ${version.version}  ${formatInstant(version.changedAt, timeZone)}  ${version.changedBy}  原因：${localizeReason(version.reason, locale)}`
      : `v${version.version}  ${formatInstant(version.changedAt, timeZone)}  ${version.changedBy}  why: ${version.reason}`;
    const changes = version.changes.map((change) => `    ${describeChange(change, locale)}`);
    return [head, ...changes].join('\n');
  });
  return `${zh ? `时间为 ${timeZone} 时间，最新的在前` : `Times in ${timeZone}, newest first`}\n\n${blocks.join('\n\n')}`;
}

export function renderPreview(preview: ConfigPreview, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const delta = (now: number, next: number) =>
    next === now ? '' : next > now ? `+${next - now}` : `−${now - next}`;
  const row = (label: string, now: number, next: number) => [
    label,
    String(now),
    String(next),
    delta(now, next),
  ];
  const counts = zh ? ['当前', '修改后', '变化'] : ['Now', 'New', 'Change'];
  const table = (first: string, rows: string[][]) =>
    renderTextTable(
      [{ header: first }, ...counts.map((header) => ({ header, align: 'right' as const }))],
      rows,
    );
  const { current, proposed } = preview;
  const changes =
    preview.changes.length === 0
      ? [zh ? '  （与当前设置相同）' : '  (same as the current settings)']
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
    row(zh ? '有流失风险的客户' : 'Customers at risk', current.atRisk, proposed.atRisk),
    [
      zh ? '占全部客户' : 'Share of all customers',
      `${shareNow}%`,
      `${shareNext}%`,
      points === 0 ? '' : `${points > 0 ? '+' : '−'}${Math.abs(points)}${zh ? ' 个百分点' : ' pts'}`,
    ],
    row(zh ? '已失联（不再提醒）' : 'Lost (no longer listed)', current.lost, proposed.lost),
  ];
  return [
    zh
      ? `预览：按 ${preview.asOf} 的数据评估 ${current.customers} 位客户，当前设置（版本 ${preview.currentVersion}）对比修改后：`
      : `Preview: ${current.customers} customers evaluated on the data of ${preview.asOf}, the current settings (version ${preview.currentVersion}) against the new ones:`,
    ...changes,
    ...(current.customers === 0
      ? [
          '',
          zh
            ? '注意：还没有客户数据（请先用 churn-watch import 导入订单），下面的数字都是 0。'
            : 'Note: there is no customer data yet (load orders with churn-watch import first); every count is 0.',
        ]
      : []),
    '',
    zh ? '按信号（触发该信号的客户数，不含已失联）' : 'By signal (customers it flags, lost ones excluded)',
    table(zh ? '信号' : 'Signal', ruleRows),
    '',
    zh
      ? '按等级（等级按近期销售额划分，可能随设置变化）'
      : 'By tier (tiers follow trailing sales and may move with the settings)',
    renderTextTable(
      [
        { header: zh ? '等级' : 'Tier' },
        ...(zh
          ? ['客户数 当前', '修改后', '有风险 当前', '修改后', '变化']
          : ['Customers now', 'New', 'At risk now', 'New', 'Change']
        ).map((header) => ({ header, align: 'right' as const })),
      ],
      tierRows,
    ),
    '',
    table(zh ? '合计' : 'Total', totalRows),
    '',
    zh
      ? '未保存任何修改。要保存请运行 churn-watch config set …（同样的设置项）--reason 原因'
      : 'Nothing was saved. To save, run churn-watch config set … (the same settings) --reason TEXT',
  ].join('\n');
}

/** The head of a rollback's report: which version came back, then what the save changed. */
export function describeRollback(saved: SavedConfig & { toVersion: number }, locale: Locale): string {
  const zh = locale === 'zh-CN';
  return saved.saved
    ? `${zh ? `已回滚到版本 ${saved.toVersion} 的设置。` : `Rolled back to the settings of version ${saved.toVersion}.`}\n${describeSaved(saved, locale)}`
    : describeSaved(saved, locale);
}

/** The customers a preview could not read, named in a note beside it (the first five). */
export function describeUnreadable(unreadable: readonly string[], locale: Locale): string {
  return locale === 'zh-CN'
    ? `注意：${unreadable.length} 个客户档案无法读取，未计入（${unreadable.slice(0, 5).join('、')}…）\n`
    : `note: ${unreadable.length} customer profiles could not be read and are not counted (${unreadable.slice(0, 5).join(', ')}…)\n`;
}

/**
 * What a save did to the deployed schedules: a line per schedule that moved (`out`), or why they could not
 * follow (`problem`, printed on stderr with exit code 1).
 */
export function describeSchedules(
  outcome: ScheduleOutcome,
  locale: Locale,
): { out: string; problem?: string } {
  const zh = locale === 'zh-CN';
  if (outcome.kind === 'none') return { out: '' };
  if (outcome.kind === 'synced') {
    return {
      out: outcome.changes
        .map((change) =>
          zh
            ? `定时任务 ${change.name}：${change.from.expression}（${change.from.timeZone}）→ ${change.to.expression}（${change.to.timeZone}）\n`
            : `Schedule ${change.name}: ${change.from.expression} (${change.from.timeZone}) → ${change.to.expression} (${change.to.timeZone})\n`,
        )
        .join(''),
    };
  }
  const error = outcome.error;
  const reason = error instanceof LocalizedError ? error.describe(locale) : (error as Error)?.message;
  return {
    out: '',
    problem: zh
      ? `设置已保存，但定时任务没有更新：${reason}。修正后再保存一次同样的值即可同步。\n`
      : `The settings are saved, but the schedules were not updated: ${reason}. Save the same value again once fixed to sync them.\n`,
  };
}
