/**
 * The short notices a manager gets besides the weekly summary: important customers left without a visit
 * (an escalation), and a rep's WeCom robot that stopped working. Read on a phone in seconds.
 */
export const notices = {
  escalation: {
    heading: (day: string, customers: number, escalationDays: number) =>
      `升级提醒 ${day}：${customers} 位重要客户有流失风险已超过 ${escalationDays} 天，仍无拜访记录`,
    /** A name with its id: `张记便利店 (C001)`. */
    nameWithId: (name: string, id: string) => `${name} (${id})`,
    unassigned: '未分配',
    /** One customer's line; `money` is formatted and `signals` already listed. */
    customer: (c: {
      customer: string;
      tier: string;
      rep: string;
      since: string;
      days: number;
      money: string;
      signals: string;
    }) =>
      `${c.customer}｜${c.tier}｜业务员 ${c.rep}｜自 ${c.since} 起有风险（${c.days} 天）｜风险金额 ${c.money}｜${c.signals}`,
  },
  /** The robot of a rep stopped working; `who` is the rep. */
  channelBroken: {
    /** `code` is the WeCom errcode, absent when WeCom never answered. */
    heading: (who: string, code: number | null) =>
      `${who} 的企业微信机器人无法发送${code === null ? '' : `（${code}）`}`,
    body: (day: string, who: string, why: string, outcome: string) =>
      `${day} 发给 ${who} 的消息没能通过企业微信送达：${why}。${outcome}请在业务员资料中更新机器人地址（企业微信机器人），更新后自动恢复。`,
    /** Why, by WeCom's answer. */
    disabled: '机器人已被停用',
    /** The address itself is not a WeCom robot's: refused before sending. */
    notWecom: '机器人地址不是企业微信机器人的地址（为安全起见不会发往其他地址）',
    invalid: '机器人地址无效或已被移除',
    /** What became of the message. */
    sentByEmail: '已改用邮件发送。',
    notDelivered: '该业务员没有邮箱，消息未送达。',
  },
};

export type NoticesText = typeof notices;
