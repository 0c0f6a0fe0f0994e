import { parseArgs } from 'node:util';
import { scheduleFollowerFromEnv } from '../adapters/scheduler/schedule-sync.ts';
import {
  type ConfigVersion,
  configHistory,
  type CurrentConfig,
  loadConfig,
  readCurrentConfig,
  readCurrentOverrides,
  type SavedConfig,
  StoredConfigError,
} from '../adapters/dynamodb/config-store.ts';
import { type ChurnConfig, DEFAULT_CONFIG, TIERS } from '../core/config.ts';
import { explainSetting } from '../text/config-explain.ts';
import {
  type ConfigDocument,
  configLeaves,
  getAt,
  parseAssignment,
  setAt,
  settingsBeside,
} from '../core/config-keys.ts';
import { SIGNAL_ORDER } from '../core/shown-signals.ts';
import { describeError } from '../text/errors.ts';
import { describeChange, formatConfigValue } from '../text/settings.ts';
import { ruleTitle, tierName } from '../text/explain.ts';
import type { Locale } from '../core/locale.ts';
import { atRiskShare, type ConfigPreview, previewConfig } from '../settings/preview-config.ts';
import { adminName, formatInstant, localizeReason } from '../settings/config-text.ts';
import {
  rollbackSettings,
  type ScheduleOutcome,
  type SettingsDeps,
  saveSettings,
} from '../settings/change-settings.ts';
import { type CommandIo, UsageError } from './io.ts';
import { parseAsOf } from './run-command.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';

export const CONFIG_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch config get [设置项…] [--format table|json]
      churn-watch config set 设置项=值… --reason 原因 [--by 姓名]
      churn-watch config preview 设置项=值… [--as-of YYYY-MM-DD] [--format table|json]
      churn-watch config history [--format table|json]
      churn-watch config rollback [版本] --reason 原因 [--by 姓名]

查看和修改客户分类指标（预警阈值）、等级划分、时区、晨报和周报的时间等设置。

  get        列出全部设置及当前取值和说明（例如“即将流失：连续 30 天没有下单”），标出与默认值不同的项（*），
             并显示当前版本、修改人和修改时间。
             --format json 输出完整的设置文档；设置项名称就是其中用点连接的路径，
             例如 rules.inactive.days（即将流失的天数）、rules.inactive.tiers.vip.days（非常重要客户单独的天数）、
             schedule.dailyTime（晨报时间）。写上设置项名称则只显示这几项。
             谁进晨报名单由流失风险（接下来 90 天不下单的概率）和预警线决定，规则是原因；某条规则设
             rules.<规则>.flag=true（也可按等级：rules.<规则>.tiers.vip.flag=true）后，它一触发客户就进名单。
             riskModel.horizonDays 是风险预测的天数；riskModel.enabled=false 退回规则的旧评分。
  set        修改一项或多项并保存为新版本，必须用 --reason 写明原因。值不合规时会说明允许的范围，
             不做任何修改。值可以是数字、true/false、文本（时间写成 06:30），列表写成 vip,important 或 ["vip","important"]；
             写 null 表示取消该项的修改、恢复默认值（也用于去掉某个等级的单独设置）。
  preview    保存之前先看效果：用今天的数据分别按当前设置和新设置评估全部客户，按信号、按等级
             对比有多少客户会被提醒。不保存任何东西。
  history    每个版本的修改人、时间、原因和改动内容，最新的在前。
  rollback   恢复到某个旧版本的设置（默认恢复到上一个版本，0 = 全部默认值）。回滚本身也会保存为一个新版本，
             历史不会被改写。

  --reason 原因     为什么修改（记录在历史中）
  --by 姓名         修改人（默认取环境变量 CHURN_WATCH_ADMIN，否则为当前系统用户名）
  --as-of 日期      preview 按哪一天评估（默认为配置时区的今天）

两人同时修改时，后保存的一方会被拒绝并提示先查看最新配置，不会互相覆盖。
每日评估从下一次运行起使用新的设置。本机运行时（npm start）定时任务会自动按新时间运行；在 AWS 上请设置
CHURN_WATCH_SCHEDULE_PREFIX（例如 churn-watch-prod-），保存后会同步更新 EventBridge Scheduler 中的定时任务。

示例：
  churn-watch config set rules.inactive.days=21 --reason "旺季前提前提醒"
  churn-watch config preview rules.sales_drop.dropPct=40
  churn-watch config set rules.inactive.tiers.vip.days=21 rules.inactive.tiers.vip.flag=true --reason "非常重要客户 21 天未下单即提醒"
  churn-watch config set escalation.tiers=vip schedule.dailyTime=06:30 --reason "只上报非常重要客户"`,
  en: `Usage: churn-watch config get [KEY…] [--format table|json]
       churn-watch config set KEY=VALUE… --reason TEXT [--by NAME]
       churn-watch config preview KEY=VALUE… [--as-of YYYY-MM-DD] [--format table|json]
       churn-watch config history [--format table|json]
       churn-watch config rollback [VERSION] --reason TEXT [--by NAME]

Shows and changes the thresholds (客户分类指标定义), the tier cut-offs, the time zone, the digest and weekly
summary times and the other settings.

  get        lists every setting with its value and what it means ("Inactive: no order for 30 days in a
             row"), marks those that differ from the default (*), and shows the current version and who
             changed it when. --format json prints the whole settings
             document; a setting's KEY is its dotted path in it, e.g. rules.inactive.days (days without an
             order before a customer is flagged), rules.inactive.tiers.vip.days (the same for VIP customers
             only), schedule.dailyTime (when the digests go out). Name keys to see only those.
             Who is listed follows the risk (the probability of no order in the next 90 days) and its line;
             the rules are the reasons. rules.<rule>.flag=true (or per tier, rules.<rule>.tiers.vip.flag=true)
             lists a customer whenever that rule fires. riskModel.horizonDays is the risk's horizon;
             riskModel.enabled=false brings back the rules' old score.
  set        changes one or more settings and saves them as a new version; --reason is required. A value
             out of range is refused with what is allowed, and nothing is changed. Values may be numbers,
             true/false, text (a time as 06:30) or lists such as vip,important or ["vip","important"]; null removes your
             change so the default applies again (also how a tier's own value is removed).
  preview    see the effect before saving: every customer is evaluated on today's data with the current
             settings and with the new ones, and the customers flagged per signal and per tier are
             compared. Nothing is saved.
  history    every version with who, when, why and what changed, newest first.
  rollback   brings back the settings of an earlier version (default: the one before the current one; 0 =
             all defaults). The rollback is saved as a new version; the history is never rewritten.

  --reason TEXT     why (kept in the history)
  --by NAME         who (default: CHURN_WATCH_ADMIN, else the system user name)
  --as-of DATE      the day preview evaluates (default: today in the configured time zone)

When two admins change the config at once, the later save is refused (look at the new config and try
again); nobody's change is silently overwritten. The daily run uses new settings from its next run. Locally
(npm start) the schedule follows a new time by itself; on AWS set CHURN_WATCH_SCHEDULE_PREFIX (e.g.
churn-watch-prod-) and a save also updates the EventBridge Scheduler schedules.

Examples:
  churn-watch config set rules.inactive.days=21 --reason "earlier warnings before the season"
  churn-watch config preview rules.sales_drop.dropPct=40
  churn-watch config set rules.inactive.tiers.vip.days=21 rules.inactive.tiers.vip.flag=true --reason "VIPs silent 21 days"
  churn-watch config set escalation.tiers=vip schedule.dailyTime=06:30 --reason "only VIPs go up"`,
};

type Subcommand = 'get' | 'set' | 'preview' | 'history' | 'rollback';
const SUBCOMMANDS: readonly Subcommand[] = ['get', 'set', 'preview', 'history', 'rollback'];

export async function configCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
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
  if (values.help) {
    io.out(`${CONFIG_HELP[locale]}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  const [which, ...args] = positionals;
  if (!SUBCOMMANDS.includes(which as Subcommand)) throw new UsageError(CONFIG_HELP[locale]);
  const subcommand = which as Subcommand;
  const changing = subcommand === 'set' || subcommand === 'rollback';
  // An option given to the wrong subcommand is a misunderstanding worth pointing out, not ignoring.
  if (!changing && (values.reason !== undefined || values.by !== undefined)) {
    throw new UsageError(
      zh
        ? '--reason 和 --by 只用于 config set 和 config rollback'
        : '--reason and --by apply only to config set and config rollback',
    );
  }
  if (subcommand !== 'preview' && values['as-of'] !== undefined) {
    throw new UsageError(zh ? '--as-of 只用于 config preview' : '--as-of applies only to config preview');
  }
  if (values.format !== 'table' && values.format !== 'json') {
    throw new UsageError(zh ? '--format 只能是 table 或 json' : '--format must be table or json');
  }
  if (changing && (values.format === 'json' || !values.reason?.trim())) {
    throw new UsageError(
      values.format === 'json'
        ? zh
          ? `config ${subcommand} 没有 --format 选项`
          : `config ${subcommand} has no --format option`
        : zh
          ? `请用 --reason 写明修改原因（会记录在历史中），例如 --reason "旺季前提前提醒"`
          : `say why with --reason (it is kept in the history), e.g. --reason "earlier warnings"`,
    );
  }
  if ((subcommand === 'set' || subcommand === 'preview') && args.length === 0) {
    throw new UsageError(
      zh
        ? `请写出要修改的设置项，例如 config ${subcommand} rules.inactive.days=21`
        : `name the settings to change, e.g. config ${subcommand} rules.inactive.days=21`,
    );
  }
  if ((subcommand === 'history' && args.length > 0) || (subcommand === 'rollback' && args.length > 1)) {
    throw new UsageError(CONFIG_HELP[locale]);
  }
  const format = values.format;
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
          changedBy: adminName(values.by),
          reason: values.reason ?? '',
          expectedVersion: current.version,
        });
        io.out(describeSaved(saved, locale));
        return reportSchedules(schedules, io, locale);
      }
      case 'rollback': {
        const toVersion = args[0] === undefined ? undefined : parseVersion(args[0], locale);
        const { saved, schedules } = await rollbackSettings(settings(store), {
          ...(toVersion === undefined ? {} : { toVersion }),
          changedBy: adminName(values.by),
          reason: values.reason ?? '',
        });
        io.out(
          saved.saved
            ? `${zh ? `已回滚到版本 ${saved.toVersion} 的设置。` : `Rolled back to the settings of version ${saved.toVersion}.`}\n${describeSaved(saved, locale)}`
            : describeSaved(saved, locale),
        );
        return reportSchedules(schedules, io, locale);
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
        const asOf = parseAsOf(values['as-of'], locale, current.config.timeZone);
        const { preview, unreadable } = await previewConfig(
          { doc, tables, segments: Number(process.env.CHURN_WATCH_SCAN_SEGMENTS ?? 4) },
          { current, overrides: applyAssignments(current.overrides, args), asOf },
        );
        if (unreadable.length > 0) {
          io.err(
            zh
              ? `注意：${unreadable.length} 个客户档案无法读取，未计入（${unreadable.slice(0, 5).join('、')}…）\n`
              : `note: ${unreadable.length} customer profiles could not be read and are not counted (${unreadable.slice(0, 5).join(', ')}…)\n`,
          );
        }
        io.out(`${format === 'json' ? JSON.stringify(preview, null, 2) : renderPreview(preview, locale)}\n`);
        return 0;
      }
    }
  } finally {
    store.close();
  }
}

function applyAssignments(overrides: ConfigDocument, assignments: readonly string[]): ConfigDocument {
  return assignments.reduce((document, text) => {
    const { key, value } = parseAssignment(text);
    return setAt(document, key, value);
  }, overrides);
}

function parseVersion(text: string, locale: Locale): number {
  const match = /^v?(\d{1,6})$/i.exec(text.trim());
  if (!match) {
    throw new UsageError(
      locale === 'zh-CN'
        ? `版本应为数字，例如 3 或 v3（收到「${text}」）`
        : `a version is a number such as 3 or v3 (got "${text}")`,
    );
  }
  return Number(match[1]);
}

function describeCurrent(current: CurrentConfig, locale: Locale): string {
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

function renderConfig(config: ChurnConfig, format: 'table' | 'json', locale: Locale): string {
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

function renderKeys(
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

function describeSaved(saved: SavedConfig, locale: Locale): string {
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

function renderHistory(
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

function renderPreview(preview: ConfigPreview, locale: Locale): string {
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

/** The settings use case's dependencies: the store, and on AWS (CHURN_WATCH_SCHEDULE_PREFIX set) the schedules. */
const settings = (store: { doc: SettingsDeps['doc']; tables: SettingsDeps['tables'] }): SettingsDeps => ({
  doc: store.doc,
  tables: store.tables,
  schedules: scheduleFollowerFromEnv(process.env),
});

/** What a save did to the deployed schedules; exit code 1 when they could not follow. */
function reportSchedules(outcome: ScheduleOutcome, io: CommandIo, locale: Locale): number {
  const zh = locale === 'zh-CN';
  if (outcome.kind === 'none') return 0;
  if (outcome.kind === 'synced') {
    for (const change of outcome.changes) {
      io.out(
        zh
          ? `定时任务 ${change.name}：${change.from.expression}（${change.from.timeZone}）→ ${change.to.expression}（${change.to.timeZone}）\n`
          : `Schedule ${change.name}: ${change.from.expression} (${change.from.timeZone}) → ${change.to.expression} (${change.to.timeZone})\n`,
      );
    }
    return 0;
  }
  const error = outcome.error;
  const reason = describeError(error, locale);
  io.err(
    zh
      ? `设置已保存，但定时任务没有更新：${reason}。修正后再保存一次同样的值即可同步。\n`
      : `The settings are saved, but the schedules were not updated: ${reason}. Save the same value again once fixed to sync them.\n`,
  );
  return 1;
}
