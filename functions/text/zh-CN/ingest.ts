/**
 * What the ingest API and `churn-watch import` answer about records they refused or could not finish: read
 * by whoever sends the data (an ERP integration, an admin importing a file). Each refusal is shown after the
 * record's index and field; ids and values arrive as sent.
 */
export const ingest = {
  dateAfterToday: (date: string) => `日期 ${date} 晚于今天`,
  /** The same key twice in one batch with different contents; `named` is the key, or `订单 P1` with its noun. */
  differentCopies: (named: string) => `${named} 在本批次中出现多次且内容不同`,
  /** How a key is named in {@link ingest.differentCopies}: `订单 P1`. */
  orderNamed: (orderId: string) => `订单 ${orderId}`,
  orderTooLarge: (kb: number, limitKb: number) =>
    `订单过大，无法保存（约 ${kb} KB，上限 ${limitKb} KB）：请拆分为几张订单或缩短明细中的文字`,
  amountsPastExact: (customerId: string) =>
    `客户 ${customerId} 的订单金额合计将超出可精确计算的范围，订单未保存：请检查金额是否有误`,
  profileTooLarge: (customerId: string, kb: number, limitKb: number) =>
    `客户 ${customerId} 的档案将超过存储上限（约 ${kb} KB，上限 ${limitKb} KB），订单未保存：请管理员缩短 profile.retentionDays，或拆分该客户`,
  /** A rep with a WeCom robot, sent where no secret store is configured; `variable` is its env variable. */
  vaultNeeded: (variable: string) =>
    `该业务员的企业微信机器人地址保存在 Secrets Manager 中：请设置 ${variable} 后重新发送`,

  /** A rep column that names no rep. `repIds` joined with {@link ingest.listSeparator}. */
  repAmbiguous: (value: string, count: number, repIds: string) =>
    `业务员「${value}」对应 ${count} 位业务员（${repIds}），请改填业务员编号`,
  /** `known` is {@link ingest.knownReps} or the full list. */
  repUnknown: (value: string, known: string) =>
    `业务员「${value}」既不是业务员表中的编号也不是姓名（已有：${known}）；请先导入该业务员，或改正此值`,
  /** The first reps listed (`R1 张三、R2`), and how many there are in all. */
  knownReps: (list: string, more: number, total: number) => `${list} 等 ${total} 位`,
  listSeparator: '、',
  repsUnchecked:
    '业务员表为空，业务员列按原样保存，未经核对。请先导入业务员（reps），再重新导入本文件：按姓名填写的业务员届时会对应到其编号。',

  /** A batch that could not be finished because others change the same records; sent again it completes. */
  orderContended: (orderId: string) => `订单 ${orderId} 正被其他请求同时修改`,
  customerContended: (customerId: string) => `客户 ${customerId} 正被其他请求同时更新`,
  storeBusy: '数据库繁忙',
  /** `contended` is one of the three above. */
  retryBatch: (contended: string, seconds: number) =>
    `${contended}，本批次尚未完成；请 ${seconds} 秒后重新发送（不会重复计算）`,
};

export type IngestText = typeof ingest;
