/**
 * What an admin reads while changing settings (`churn-watch config`, the local admin page): what a setting
 * accepts, a value that is not set, and why a change was refused. Keys (`rules.inactive.days`) and values
 * (`21`, `["vip","important"]`) arrive as typed; they are never translated.
 */
export const settings = {
  /** A value as the admin types it back; a key not set on one side of a change. */
  notSet: '（未设置）',

  /** What a setting accepts, shown after a refused value: `（允许：1–3650 的整数）`. */
  allowed: {
    wholeNumber: '整数',
    number: '数（可带小数）',
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
  notAnAssignment: (text: string) => `「${text}」应写成 设置项=值，例如 rules.inactive.days=21`,

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
};

export type SettingsText = typeof settings;
