import { type FollowUpAction, isBuiltInReason } from '../core/follow-up.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from './catalogue.ts';

/** An action as the rep reads it on a button, `已电话联系` / `Called`. */
export function actionText(action: FollowUpAction, locale: Locale): string {
  return textFor(locale).followUpAnswers.action[action];
}

/** A reason as a rep reads it: a built-in one in their language, an admin's own as written. */
export function reasonText(reason: string, locale: Locale): string {
  return isBuiltInReason(reason) ? textFor(locale).followUpAnswers.reason[reason] : reason;
}
