/**
 * The small pages a rep sees after tapping an answer in a digest (on a phone or in WeCom's in-app browser),
 * and the errors recording an answer can meet. The answers themselves (`已电话联系`, the reasons) are worded
 * with the follow-up settings.
 */
/** After a failure that a second tap may get past: one sentence for the error and the busy page. */
const tapAgainLater = '请稍后再点一次链接；重复点击只会记录一次。';

export const answers = {
  /** The answer page of an answer link, before it is recorded. */
  confirm: '确认记录',
  /** "Shop closed" waits for the rep's own tap: what it does, and the button. */
  closedEffect: '确认后，这位客户从明天起不再出现在每日名单中，并计为流失；再次下单后会自动恢复关注。',
  confirmClosed: '确认：客户已关店',
  /** Shown while the page posts itself. */
  recording: '正在记录……如果停在这里，请点上面的按钮。',
  /** "Not a real risk": above the reasons. */
  why: '请选择原因：',
  reasonRefused: '这个原因不在可选范围内，没有记录。请从下面选择。',
  /** The WeCom link's page: above one button per answer. */
  whatDone: '您对这条预警做了什么？',
  /** Before the answer on the page that confirms it: `已记录：已上门拜访`. */
  recorded: '已记录：',
  already: '之前已记录：',
  nothingMore: '无需再次点击。',
  /** What the answer did, in the rep's words. */
  effect: {
    visit: (day: string) => `已计为 ${day} 的一次拜访。`,
    coupon: (day: string) => `已计为 ${day} 发放的优惠券。`,
    snoozed: (until: string) => `${until} 之前不再重复提醒这位客户；出现新的信号仍会提醒。`,
    closed: '从下一次评估起，这位客户移出每日名单，计为已流失；如果再次下单，会重新关注。',
    episodeEnded: '这条预警已经结束，您的反馈已记在这条预警上。',
    called: '已计为对这条预警的跟进。',
  },
  /** The pages that only say something; a tampered link's page shows both languages. */
  notice: {
    expired: { title: '链接已过期', body: '没有记录任何内容。请使用最近一份晨报里的链接。' },
    invalid: { title: '链接无效', body: '链接不完整或被改动过，没有记录任何内容。请从晨报里重新打开。' },
    off: { title: '一键反馈已关闭', body: '管理员关闭了这项功能，没有记录任何内容。' },
    not_offered: { title: '这项反馈已不再提供', body: '管理员调整了可选的反馈，没有记录任何内容。' },
    error: { title: '暂时无法记录', body: tapAgainLater },
    busy: { title: '请求太多', body: tapAgainLater },
    bad_request: { title: '请求无效', body: '没有记录任何内容。请从晨报里重新打开链接。' },
  },
  /**
   * What the answer link's Lambda says when it cannot even tell who tapped (its request unreadable, the signing
   * key out of reach, an unexpected failure): shown in every language, one paragraph each.
   */
  gateway: {
    unreadable: '无法识别的请求。',
    keyUnavailable: '暂时无法记录，请稍后再点一次。',
    failed: '出错了，未能记录，请稍后再试。',
  },
  /** Errors recording an answer, for the admin. */
  error: {
    /** The evaluator kept writing the customer's alert record at the same time. */
    alertContention: (customerId: string) => `客户 ${customerId} 的预警记录正在更新，请稍后再试`,
    /** Ingest refused the visit or coupon the answer stands for; `problem` names the record and field. */
    effectRefused: (customerId: string, problem: string) =>
      `客户 ${customerId} 的反馈未能记为拜访或优惠券：${problem}`,
  },
};

export type AnswersText = typeof answers;
