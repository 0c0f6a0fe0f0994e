import type { BuiltInReason, FollowUpAction } from './follow-up.ts';

/**
 * The words people type that churn-watch recognises: order statuses, roles, channels and languages as ERP
 * exports and admins spell them, in every language at once (an export from a Chinese ERP says 已完成 whatever
 * language the admin reads). This is input, not text churn-watch says, so it is not in the per-locale
 * catalogues of functions/text; it is the one file of the domain where Chinese is allowed
 * (test/core/no-copy-in-domain.test.ts). Keys are lower-case; callers lower-case what they look up.
 */

export const STATUS_SPELLINGS = {
  placed: 'placed',
  completed: 'placed',
  complete: 'placed',
  delivered: 'placed',
  shipped: 'placed',
  paid: 'placed',
  ok: 'placed',
  已下单: 'placed',
  下单: 'placed',
  正常: 'placed',
  已完成: 'placed',
  完成: 'placed',
  已发货: 'placed',
  已送达: 'placed',
  已签收: 'placed',
  已审核: 'placed',
  已付款: 'placed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  void: 'cancelled',
  voided: 'cancelled',
  已取消: 'cancelled',
  取消: 'cancelled',
  作废: 'cancelled',
  已作废: 'cancelled',
  returned: 'returned',
  return: 'returned',
  refunded: 'returned',
  已退货: 'returned',
  退货: 'returned',
  退单: 'returned',
  已退款: 'returned',
} as const;

export const ROLE_SPELLINGS = {
  rep: 'rep',
  sales: 'rep',
  业务员: 'rep',
  销售: 'rep',
  manager: 'manager',
  经理: 'manager',
  销售经理: 'manager',
  主管: 'manager',
} as const;

export const CHANNEL_SPELLINGS = {
  email: 'email',
  mail: 'email',
  邮件: 'email',
  邮箱: 'email',
  wecom: 'wecom',
  wechat: 'wecom',
  wxwork: 'wecom',
  企业微信: 'wecom',
  企微: 'wecom',
} as const;

/** Languages as admins name them in CSVs and flags (`zh`, `中文`, `EN`, `英文`). */
export const LOCALE_SPELLINGS = {
  'zh-CN': ['zh', 'zh-cn', 'zh_cn', 'cn', '中文', '简体中文'],
  en: ['en', 'en-us', 'en-gb', 'english', '英文', '英语'],
} as const;

/**
 * A rep's answers as a hand-made answers file may name them, beside their ids: the words the digest shows in
 * either language (test/text/follow-up-answers.test.ts keeps the two in step, so a file written by
 * `churn-watch answers --format csv` in either language reads back).
 */
export const ACTION_SPELLINGS: Readonly<Record<FollowUpAction, readonly string[]>> = {
  called: ['已电话联系', 'called'],
  visited: ['已上门拜访', 'visited'],
  coupon: ['已发优惠券', 'coupon sent'],
  not_real: ['不是真的流失', 'not a real risk'],
  closed: ['客户已关店', 'shop closed'],
};

/** The built-in reasons for "not a real risk" as a hand-made answers file may name them, beside their ids. */
export const REASON_SPELLINGS: Readonly<Record<BuiltInReason, readonly string[]>> = {
  seasonal: ['季节性', 'seasonal'],
  new_contact: ['换了负责人', 'new person in charge'],
  paused: ['装修或临时停业', 'renovating or paused'],
  other_supplier: ['改从别处进货', 'buys elsewhere now'],
  other: ['其他', 'other'],
};

/** The marks of a Chinese date, 2024年3月5日 (the day mark may be left out). */
export const DATE_MARKS = { year: '年', month: '月', day: '日' } as const;

/** The yuan after an amount, 12.50元 (the signs before it, ¥ and ￥, are not words). */
export const YUAN_SUFFIX = '元';

/** What separates the items of a list typed in one cell or one value: `vip,important`, `vip，important`, `vip、important`. */
export const LIST_SEPARATORS = /[,，、]/;
