/**
 * The local admin page (`churn-watch local`, /): the settings form, its preview, the version history and the
 * rollback confirmation. Words it shares with `churn-watch config` (the current version, the preview's tables)
 * come from the config catalogue.
 */
export const adminPage = {
  title: 'churn-watch 设置（本地）',
  heading: '客户分类指标与设置',
  /** The link to the page in the other language (HTML). */
  otherLanguage: '<a href="/?lang=en">English</a>',
  /** Which version the form starts from. */
  editingDefaults: '正在编辑：版本 0（默认设置，从未修改）',
  editing: (version: number) => `正在编辑：版本 ${version}`,
  editingSince: (version: number, since: string, zone: string) =>
    `正在编辑：版本 ${version}（生效于 ${since}，${zone}）`,
  storedConfigBroken: '下面的表单仍可使用：保存一次有效的设置即可修复。',
  settings: '设置',
  settingsHint: '改动的项以黄色标出；每项的说明按它的值写成，预览后随新值更新。',
  otherSettings: '其他设置（设置项=值，每行一项）',
  otherSettingsHint:
    '例如 rules.inactive.tiers.vip.days=21（非常重要客户单独的天数）；列表写成 ["vip","important"]；写 null 恢复默认值。',
  reason: '修改原因（保存时必填）',
  name: '修改人',
  preview: '预览',
  save: '保存为新版本',
  /** The headings of the groups of settings (a rule's group is headed by the rule's name). */
  section: {
    timeZone: '时区和语言',
    tiers: '客户等级',
    cycle: '订货周期',
    atRisk: '失联',
    profile: '客户档案',
    schedule: '发送时间',
    digest: '晨报',
    escalation: '上报经理',
    channels: '通知方式',
    weekly: '周报',
    riskModel: '流失风险模型',
    followUp: '一键反馈',
  },
  yes: '是（true）',
  no: '否（false）',
  defaultValue: (value: string) => `默认值 ${value}`,
  previewHeading: '预览（尚未保存）',
  previewHead: (asOf: string, customers: number, version: number) =>
    `按 ${asOf} 的数据评估 ${customers} 位客户，当前设置（版本 ${version}）对比修改后：`,
  noChange: '（与当前设置相同）',
  looksRight: '没问题？在页面底部写明原因后点“保存为新版本”。',
  history: '版本历史',
  historyHint: (timeZone: string) => `最新的在前，${timeZone} 时间`,
  version: (version: number, when: string, who: string) => `版本 ${version} · ${when} · ${who}`,
  currentTag: '（当前版本）',
  why: (reason: string) => `原因：${reason}`,
  defaults: '版本 0 · 默认设置',
  rollBackHere: '回滚到此版本',
  /** What the page says back to a form it refused or carried out. */
  answer: {
    nothingChanged: '未做任何修改：',
    noVersion: '表单没有注明所修改的设置版本：请刷新页面，在最新的设置上重新修改',
    noChange: '没有改动任何设置：先修改某一项（或在“其他设置”中写一行 设置项=值）',
    reasonRequired: '请写明修改原因（会记录在历史中）',
    reasonTooLong: (max: number, length: number) =>
      `修改原因最多 ${max} 个字符（现在是 ${length} 个），请写短一些`,
    cannotPreview: '无法预览：',
    storedInvalid: '当前保存的设置无效，无法作为对比；请先保存一次有效的设置。',
    notSaved: '未保存：',
    notPreviewed: '未预览：',
    conflictSave: (currentVersion: number, editing: number) =>
      `其他人刚刚修改了配置（现在是版本 ${currentVersion}），而你编辑的是版本 ${editing}；为免覆盖别人的修改，本次没有保存。`,
    conflictPreview: (currentVersion: number, editing: number) =>
      `其他人刚刚修改了配置（现在是版本 ${currentVersion}），而你编辑的是版本 ${editing}；请在最新的设置上重新预览。`,
    yourChangesKept: '下面已换成最新的设置；你的改动放在“其他设置”框中，请核对后再预览或保存。',
    cannotRollBack: '无法回滚：',
    versionInvalid: (version: number) => `版本 ${version} 的设置已不再有效：`,
    rollbackNoVersion: '表单没有注明当前的设置版本：请刷新页面后再回滚',
    notRolledBack: '未回滚：',
    rollbackConflict: (currentVersion: number) =>
      `其他人刚刚修改了配置（现在是版本 ${currentVersion}），回滚没有执行。请先看看最新的设置和历史，再决定是否回滚。`,
    saved: (version: number) => `已保存为版本 ${version}。每日评估从下一次运行起使用新的设置。`,
    rolledBack: (toVersion: number, version: number) =>
      `已回滚到版本 ${toVersion} 的设置，保存为版本 ${version}。每日评估从下一次运行起使用新的设置。`,
    schedulesFailed:
      '设置已保存，但定时任务没有更新（原因见 churn-watch 的日志）：修正后再保存一次同样的值即可同步。',
  },
  /** Plain-text refusals of a request that is not the page's own (shown in every language at once). */
  refusedRequest: {
    unknownHost: '未知的主机名',
    notFound: '页面不存在',
    methodNotAllowed: '不支持的请求方法',
    crossSite: '拒绝来自其他网站的表单提交',
    formEncoding: '表单须以 application/x-www-form-urlencoded 提交',
    formTooLarge: '表单超过 64 KB',
  },
  rollback: {
    title: 'churn-watch 回滚设置（本地）',
    heading: (toVersion: number) => `回滚到版本 ${toVersion}？`,
    savedBy: (toVersion: number, who: string, when: string, reason: string) =>
      `版本 ${toVersion} 由 ${who} 于 ${when} 保存，原因：${reason}`,
    defaults: '版本 0 是全部默认设置。',
    nothingChanges: '设置与当前相同，回滚不会改变任何值。',
    explain: (toVersion: number, newVersion: number) =>
      `回滚会把下列设置改回版本 ${toVersion} 的值，并保存为新的版本 ${newVersion}（历史不会被改写，之后也可以再回滚）：`,
    reason: '回滚原因（必填）',
    confirm: (toVersion: number) => `确认回滚到版本 ${toVersion}`,
    cancel: '取消',
  },
};

export type AdminPageText = typeof adminPage;
