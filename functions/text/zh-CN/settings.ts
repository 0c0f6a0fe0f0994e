/**
 * What an admin reads about the settings and changes them by (`churn-watch config`, the local admin page): what a
 * setting accepts, a value that is not set, why a change was refused, and what `config` prints (the settings
 * table, a save or rollback, the history, a preview). What each setting means is `cli/settings-explained.ts`.
 * Keys (`rules.inactive.days`), subcommands, options and values (`21`, `["vip","important"]`) arrive as typed;
 * they are never translated.
 */
export const settings = {
  /** A value as the admin types it back; a key not set on one side of a change. */
  notSet: '（未设置）',

  /** What a setting accepts, shown after a refused value: `（允许：1–3650 的整数）`. */
  allowed: {
    wholeNumber: '整数',
    /** Said inside `（允许：…）` too: no brackets of its own. */
    number: '数，可带小数',
    /** `kind` is {@link settings.allowed.wholeNumber} or {@link settings.allowed.number}. */
    between: (kind: string, min: number, max: number) => `${min}–${max} 的${kind}`,
    atLeast: (value: number) => `不小于 ${value}`,
    greaterThan: (value: number) => `大于 ${value}`,
    atMost: (value: number) => `不大于 ${value}`,
    lessThan: (value: number) => `小于 ${value}`,
    /** `bounds` are the entries above, joined with {@link settings.allowed.boundSeparator}. */
    bounded: (kind: string, bounds: string) => `${bounds} 的${kind}`,
    boundSeparator: '、',
    boolean: 'true 或 false',
    /** `options` joined with {@link settings.allowed.optionSeparator}. */
    oneOf: (options: string) => `只能是 ${options}`,
    /** `example` is a list as JSON, `["vip","important"]`. */
    listOf: (options: string, example: string) => `由 ${options} 组成的列表，例如 ${example}`,
    optionSeparator: '、',
    timeOfDay: '00:00–23:59',
    timeZone: 'IANA 时区名，例如 Asia/Shanghai',
    text: '文本',
  },

  /** A setting's name or a `KEY=VALUE` that cannot be read. */
  badKey: (key: string) => `「${key}」不是有效的设置项名称（应为用点分隔的路径，例如 rules.inactive.days）`,
  notAnAssignment: (text: string) => `「${text}」应写成「设置项=值」，例如 rules.inactive.days=21`,

  /** Cycle times the schedules cannot be built from. Values arrive as JSON, `"25:00"`. */
  notAWeekday: (value: string, weekdays: string) =>
    `schedule.weeklyDay ${value} 不是星期几：可选 ${weekdays}`,
  notATimeOfDay: (key: string, value: string) =>
    `${key} ${value} 不是时刻：请用 HH:MM（00:00 到 23:59），例如 07:30`,
  notATimeZone: (value: string) => `timeZone ${value} 不是 IANA 时区名，例如 Asia/Shanghai`,

  /** A refused change: the heading, then one line per refused key (`  rules.inactive.days 应不小于 1`). */
  invalidConfig: '配置无效，未做任何修改：',
  /** After a refused value: what would have been accepted. */
  allowedAfterRefusal: (allowed: string) => `（允许：${allowed}）`,
  /** After an unknown key: the settings that exist there, joined with {@link settings.allowed.optionSeparator}. */
  settingsHere: (settings: string) => `（此处可用的设置项：${settings}）`,
  /** `issues` are `key message` pairs joined with {@link settings.issueSeparator}. */
  storedConfigInvalid: (version: string, issues: string) =>
    `配置表中的当前配置（版本 ${version}）无效：${issues}`,
  issueSeparator: '; ',
  storedVersionUnreadable: (sk: string) => `配置表中的历史版本 ${sk} 无法读取（可能被手工修改过）`,
  conflict: (currentVersion: number) =>
    `其他人刚刚修改了配置（现在是版本 ${currentVersion}），本次未保存。请先运行 churn-watch config get 查看，再重试。`,
  whoAndWhy: '每次修改都要写明修改人和原因，未做任何修改',
  nothingToRollBack: '还没有保存过任何配置（正在使用默认值），无可回滚',
  /** With one saved version the only target is 0 (the defaults): no range "0–0". */
  rollbackRange: (last: number, currentVersion: number) =>
    last === 0
      ? `只能回滚到版本 0（默认值；当前是版本 ${currentVersion}）`
      : `只能回滚到 0–${last} 之间的版本（当前是版本 ${currentVersion}，0 = 默认值）`,
  versionNotInHistory: (version: number) => `历史中没有版本 ${version}`,
  versionNotStored: (version: number) => `配置表中没有版本 ${version}`,
  /** A rollback's reason, stored in English as `rollback to v3: …`; `reason` is the admin's own text. */
  rollbackReason: (version: string, reason: string) => `回滚到版本 ${version}：${reason}`,

  // What `churn-watch config` prints: its own refusals, the settings table, a save or rollback, the history
  // and a preview comparing the current settings with proposed ones (the admin page shares the preview's words).
  refused: {
    reasonOrByOnlyWhenChanging: '--reason 和 --by 只用于 config set 和 config rollback',
    asOfOnlyInPreview: '--as-of 只用于 config preview',
    noFormat: (subcommand: string) => `config ${subcommand} 没有 --format 选项`,
    reasonRequired: `请用 --reason 写明修改原因（会记录在历史中），例如 --reason "旺季前提前提醒"`,
    settingsRequired: (subcommand: string) =>
      `请写出要修改的设置项，例如 config ${subcommand} rules.inactive.days=21`,
    versionNotNumber: (text: string) => `版本应为数字，例如 3 或 v3（收到「${text}」）`,
    noSuchSetting: (key: string) => `没有设置项 ${key}`,
  },
  /** The line above the settings: which version is in use, who saved it, when and why. */
  currentNeverChanged: '当前配置：版本 0（从未修改，全部为默认值）',
  current: (version: number, who: string, when: string, timeZone: string, why: string) =>
    `当前配置：版本 ${version}，${who} 于 ${when}（${timeZone}）保存，原因：${why}`,
  column: { key: '设置项', value: '值', default: '默认值', meaning: '说明' },
  /** Under the settings table, what the `*` in its first column means. */
  differsMark: '* = 与默认值不同',
  unchanged: (version: number) => `与当前设置相同，未做任何修改（仍为版本 ${version}）。`,
  savedAs: (version: number) => `已保存为版本 ${version}：`,
  nextRun: '每日评估从下一次运行起使用新的设置。',
  rolledBack: (toVersion: number) => `已回滚到版本 ${toVersion} 的设置。`,
  history: {
    empty: '还没有保存过任何配置，正在使用默认值。',
    version: (version: number, when: string, who: string, why: string) =>
      `版本 ${version}  ${when}  ${who}  原因：${why}`,
    timesIn: (timeZone: string) => `时间为 ${timeZone} 时间，最新的在前`,
  },
  preview: {
    head: (asOf: string, customers: number, version: number) =>
      `预览：按 ${asOf} 的数据评估 ${customers} 位客户，当前设置（版本 ${version}）对比修改后：`,
    noChange: '  （与当前设置相同）',
    noData: '注意：还没有客户数据（请先用 churn-watch import 导入订单），下面的数字都是 0。',
    bySignal: '按信号（触发该信号的客户数，不含已失联）',
    signal: '信号',
    byTier: '按等级（等级按近期销售额划分，可能随设置变化）',
    tier: '等级',
    /** The columns beside each tier: customers now and after, at risk now and after, the change. */
    tierCounts: ['客户数 当前', '修改后', '有风险 当前', '修改后', '变化'] as readonly [
      string,
      string,
      string,
      string,
      string,
    ],
    /** The columns beside each signal and total: now, after, the change. */
    counts: ['当前', '修改后', '变化'] as readonly [string, string, string],
    total: '合计',
    atRisk: '有流失风险的客户',
    share: '占全部客户',
    /** A change in the share, in percentage points (a "%" would read as a relative change). */
    points: (sign: string, points: number) => `${sign}${points} 个百分点`,
    lost: '已失联（不再提醒）',
    nothingSaved: '未保存任何修改。要保存请运行 churn-watch config set …（同样的设置项）--reason 原因',
    unreadable: (count: number, first: readonly string[]) =>
      `注意：${count} 个客户档案无法读取，未计入（${first.join('、')}…）`,
  },
  /** After a save on AWS: the deployed schedules that followed the new times, or why they did not. */
  scheduleMoved: (
    name: string,
    fromExpression: string,
    fromZone: string,
    toExpression: string,
    toZone: string,
  ) => `定时任务 ${name}：${fromExpression}（${fromZone}）→ ${toExpression}（${toZone}）`,
  schedulesNotSynced: (reason: string) =>
    `设置已保存，但定时任务没有更新：${reason}。修正后再保存一次同样的值即可同步。`,
};

export type SettingsText = typeof settings;
