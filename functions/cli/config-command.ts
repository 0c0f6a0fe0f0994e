import { parseArgs } from 'node:util';
import { scheduleFollowerFromEnv } from '../adapters/scheduler/schedule-sync.ts';
import {
  configHistory,
  loadConfig,
  readCurrentConfig,
  readCurrentOverrides,
  StoredConfigError,
} from '../adapters/dynamodb/config-store.ts';
import { DEFAULT_CONFIG } from '../core/config.ts';
import { type ConfigDocument, parseAssignment, setAt } from '../core/config-keys.ts';
import type { Locale } from '../core/locale.ts';
import { previewConfig } from '../settings/preview-config.ts';
import { adminName } from '../settings/config-text.ts';
import {
  rollbackSettings,
  type ScheduleOutcome,
  type SettingsDeps,
  saveSettings,
} from '../settings/change-settings.ts';
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
import { type CommandIo, UsageError } from './io.ts';
import { parseAsOf } from './run-command.ts';
import { openStore } from './store-context.ts';

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
    io.out(`${CONFIG_HELP[locale]}\n`);
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
          { doc, tables, segments: Number(process.env.CHURN_WATCH_SCAN_SEGMENTS ?? 4) },
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

/** The settings use case's dependencies: the store, and on AWS (CHURN_WATCH_SCHEDULE_PREFIX set) the schedules. */
const settings = (store: { doc: SettingsDeps['doc']; tables: SettingsDeps['tables'] }): SettingsDeps => ({
  doc: store.doc,
  tables: store.tables,
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
