import type { NoticesText } from '../zh-CN/notices.ts';

export const notices: NoticesText = {
  escalation: {
    heading: (day, customers, escalationDays) =>
      `Escalation ${day}: ${customers} important customer${customers === 1 ? '' : 's'} at risk for over ${escalationDays} days with no visit logged`,
    nameWithId: (name, id) => `${name} (${id})`,
    unassigned: 'unassigned',
    customer: (c) =>
      `${c.customer} | ${c.tier} | rep ${c.rep} | at risk since ${c.since} (${c.days} days) | money at risk ${c.money} | ${c.signals}`,
  },
  channelBroken: {
    heading: (who, code) => `WeCom robot of ${who} cannot send${code === null ? '' : ` (${code})`}`,
    body: (day, who, why, outcome) =>
      `A message of ${day} for ${who} could not go by WeCom: ${why}. ${outcome} Update the robot webhook in the rep's record; sending resumes with the new one.`,
    disabled: 'the robot was disabled',
    notWecom: 'the webhook is not a WeCom robot address (nothing is sent anywhere else, for safety)',
    invalid: 'the robot webhook is invalid or was removed',
    sentByEmail: 'It was sent by email instead.',
    notDelivered: 'There is no email address to fall back to, so it was not delivered.',
  },
};
