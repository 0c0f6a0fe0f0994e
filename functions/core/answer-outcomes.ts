import { type Day, formatDay } from './days.ts';
import { closedShops } from './learned/fit.ts';
import type { AnswerRecord } from './records.ts';

/**
 * Reps' answers as a backtest may use them, split by what the as-of day could know. An answer given on or
 * before the as-of day was known that day: it may shape who is scored and what the model fitted that day
 * learned from. An answer given after it was not known: it may only say how things turned out (an outcome),
 * and only within the horizon the outcome is judged over.
 */
export interface AnswerOutcomes {
  /**
   * Shops answered "closed" on or before the as-of day, by the first such day: lost that day, as the product
   * has them out of the lists, and "lapsed" training labels for the model fitted that day (closedShops).
   */
  closedBefore: ReadonlyMap<string, Day>;
  /** Shops first answered "closed" within the horizon (after the as-of day): churned, whatever their orders. */
  closedWithin: ReadonlyMap<string, Day>;
  /** Customers a rep marked "not a real risk" within the horizon: the reps' verdict on a warning of then. */
  notRealWithin: ReadonlySet<string>;
}

/** What an answer needs to carry for the backtest. */
export type BacktestAnswer = Pick<AnswerRecord, 'customerId' | 'action' | 'day'>;

/**
 * Splits the answers at the as-of day: closures known by then, closures and "not a real risk" verdicts in
 * (asOf, asOf + horizon]. Answers after the horizon are not used: the label is about the horizon only.
 *
 * @example
 * answerOutcomes([{ customerId: 'C1', action: 'closed', day: asOf + 10 }], asOf, 90).closedWithin;
 * // Map { 'C1' => asOf + 10 }
 */
export function answerOutcomes(
  answers: readonly BacktestAnswer[],
  asOf: Day,
  horizonDays: number,
): AnswerOutcomes {
  const closedBefore = closedShops(
    answers.map((answer) => ({ ...answer, day: formatDay(answer.day) })),
    asOf,
  );
  const closedWithin = new Map<string, Day>();
  const notRealWithin = new Set<string>();
  const end = asOf + horizonDays;
  for (const answer of answers) {
    if (answer.day <= asOf || answer.day > end) continue;
    if (answer.action === 'not_real') notRealWithin.add(answer.customerId);
    if (answer.action !== 'closed' || closedBefore.has(answer.customerId)) continue;
    const known = closedWithin.get(answer.customerId);
    if (known === undefined || answer.day < known) closedWithin.set(answer.customerId, answer.day);
  }
  return { closedBefore, closedWithin, notRealWithin };
}
