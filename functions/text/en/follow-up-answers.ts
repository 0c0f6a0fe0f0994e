import type { FollowUpAnswersText } from '../zh-CN/follow-up-answers.ts';

export const followUpAnswers: FollowUpAnswersText = {
  action: {
    called: 'Called',
    visited: 'Visited',
    coupon: 'Coupon sent',
    not_real: 'Not a real risk',
    closed: 'Shop closed',
  },
  reason: {
    seasonal: 'Seasonal',
    new_contact: 'New person in charge',
    paused: 'Renovating or paused',
    other_supplier: 'Buys elsewhere now',
    other: 'Other',
  },
};
