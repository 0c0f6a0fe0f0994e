import type { BuiltInReason, FollowUpAction } from '../../core/follow-up.ts';

/**
 * What a rep can answer to a warning, as the buttons beside a customer in the digest and the action page say
 * it (the rep speaking: "I called"), and the built-in reasons for "not a real risk". An admin's own reasons
 * are shown as the admin wrote them. A hand-made answers file may use these words too
 * (core/input-spellings.ts lists them; test/text/follow-up-answers.test.ts keeps the two in step).
 */
export const followUpAnswers = {
  action: {
    called: '已电话联系',
    visited: '已上门拜访',
    coupon: '已发优惠券',
    not_real: '不是真的流失',
    closed: '客户已关店',
  } satisfies Record<FollowUpAction, string>,
  reason: {
    seasonal: '季节性',
    new_contact: '换了负责人',
    paused: '装修或临时停业',
    other_supplier: '改从别处进货',
    other: '其他',
  } satisfies Record<BuiltInReason, string>,
};

export type FollowUpAnswersText = typeof followUpAnswers;
