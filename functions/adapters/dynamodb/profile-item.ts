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
    reps: z.array(z.string()),
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
  version: z.number().int().optional(),
});

export class CorruptProfileError extends Error {
  override readonly name = 'CorruptProfileError';
}

/**
 * The item for a profile. `version` counts writes: a writer puts only if the version it read is still
 * there, so two requests touching one customer never overwrite each other's facts.
 */
export function profileToItem(profile: CustomerProfile, version: number): Record<string, unknown> {
  return { ...profile, repId: profile.repId ?? undefined, version };
}

/** Reads a stored profile, refusing an item that is not one (a hand edit, a bug) with its customer id. */
export function profileFromItem(item: Record<string, unknown>): CustomerProfile {
  return versionedProfileFromItem(item).profile;
}

export function versionedProfileFromItem(item: Record<string, unknown>): {
  profile: CustomerProfile;
  version: number;
} {
  const parsed = profileItemSchema.safeParse(item);
  if (!parsed.success) {
    throw new CorruptProfileError(
      `profile item of customer ${String(item.customerId)} is not a profile: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { version = 0, ...profile } = parsed.data;
  return { profile, version };
}
