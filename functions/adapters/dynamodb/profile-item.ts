import { z } from 'zod';
import type { CustomerProfile } from '../../core/profile.ts';

/**
 * A profile as one DynamoDB item: the columns stay lists of numbers and strings, so a customer with a year
 * of weekly orders is a few kilobytes, and the evaluator reads exactly one item per customer.
 */
const nullableDay = z.number().int().nullable();

const profileItemSchema = z.object({
  customerId: z.string(),
  repId: z.string().optional(),
  orders: z.object({
    ids: z.array(z.string()),
    days: z.array(z.number().int()),
    nets: z.array(z.number().int()),
    purchases: z.array(z.number().int()),
    skuNames: z.array(z.string()),
    skuStarts: z.array(z.number().int()),
    skuRefs: z.array(z.number().int()),
  }),
  latestDay: nullableDay,
  prunedFirstPurchaseDay: nullableDay,
  lastVisitDay: nullableDay,
  lastCouponDay: nullableDay,
  complaintDays: z.array(z.number().int()),
  visitsTracked: z.boolean(),
});

export class CorruptProfileError extends Error {
  override readonly name = 'CorruptProfileError';
}

export function profileToItem(profile: CustomerProfile): Record<string, unknown> {
  return { ...profile, repId: profile.repId ?? undefined };
}

/** Reads a stored profile, refusing an item that is not one (a hand edit, a bug) with its customer id. */
export function profileFromItem(item: Record<string, unknown>): CustomerProfile {
  const parsed = profileItemSchema.safeParse(item);
  if (!parsed.success) {
    throw new CorruptProfileError(
      `profile item of customer ${String(item.customerId)} is not a profile: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
