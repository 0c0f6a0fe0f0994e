import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putAnswer } from '../../functions/adapters/dynamodb/answer-store.ts';
import type { TableNames } from '../../functions/adapters/dynamodb/tables.ts';
import { applyWarningLogChanges } from '../../functions/adapters/dynamodb/warning-log.ts';
import { formatDay } from '../../functions/core/days.ts';
import type { FollowUpAction } from '../../functions/core/follow-up.ts';
import type { WarningLogChange } from '../../functions/core/warning-log.ts';
import { day } from '../core/helpers.ts';

/**
 * Sixty warnings on one day, as the evaluator logs them, with the reps' answers: in the 25–50% band the
 * followed-up recovered 6 of 10 and the others 8 of 20; in the 75–100% band 8 of 20 and 2 of 10. Two more
 * were marked not a real risk, and one was answered too late to count.
 */
export async function seedEffectHistory(
  doc: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'followups'>,
  warned: string,
): Promise<void> {
  const changes: WarningLogChange[] = [];
  const answers: { customerId: string; action: FollowUpAction; after: number }[] = [];
  let n = 0;
  const arm = (count: number, recovered: number, risk: number, followedUp: boolean) => {
    for (let i = 0; i < count; i++) {
      const customerId = `W${String(++n).padStart(3, '0')}`;
      changes.push({
        kind: 'start',
        entry: {
          customerId,
          episode: warned,
          warnedDay: warned,
          repId: 'R01',
          tier: 'important',
          risk,
          rules: ['inactive'],
          endedDate: null,
          endedReason: null,
        },
      });
      if (i < recovered) {
        changes.push({
          kind: 'end',
          customerId,
          episode: warned,
          endedDate: formatDay(day(warned) + 12),
          endedReason: 'recovered',
        });
      }
      if (followedUp) answers.push({ customerId, action: i % 2 === 0 ? 'called' : 'visited', after: 1 });
    }
  };
  arm(10, 6, 0.3, true);
  arm(20, 8, 0.3, false);
  arm(20, 8, 0.8, true);
  arm(10, 2, 0.8, false);
  answers.push({ customerId: 'W012', action: 'coupon', after: 5 }); // too late: still not followed up
  arm(2, 2, 0.3, false);
  answers.push(
    { customerId: 'W061', action: 'not_real', after: 0 },
    { customerId: 'W062', action: 'not_real', after: 0 },
  );
  await applyWarningLogChanges(doc, tables.followups, changes);
  for (const { customerId, action, after } of answers) {
    const answerDay = formatDay(day(warned) + after);
    await putAnswer(doc, tables.followups, {
      customerId,
      episode: warned,
      action,
      reason: action === 'not_real' ? 'seasonal' : null,
      repId: 'R01',
      answeredAt: `${answerDay}T03:00:00.000Z`,
      day: answerDay,
    });
  }
}
