/**
 * What `churn-watch config` says: its refusals, the settings table, a save or rollback, the history and a
 * preview that compares the current settings with proposed ones. Setting keys (`rules.inactive.days`),
 * subcommands and options stay as typed.
 */
export const config = {
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

export type ConfigText = typeof config;
