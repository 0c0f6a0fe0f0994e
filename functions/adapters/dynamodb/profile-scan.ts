import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, trackVisitsTenantWide } from '../../core/profile.ts';
import { CorruptProfileError, profileFromItem } from './profile-item.ts';
import { scanParsed, scanSegmentParsed } from './scan.ts';

/**
 * Every profile, read over `totalSegments` parallel scan segments at once. A profile that cannot be read is
 * named in `unreadable` (a hand edit, a bug) instead of stopping everyone's evaluation or vanishing quietly.
 */
export async function readAllProfiles(
  doc: DynamoDBDocumentClient,
  table: string,
  totalSegments: number,
): Promise<{ profiles: CustomerProfile[]; unreadable: string[] }> {
  const { items: profiles, unreadable } = await scanParsed(
    doc,
    table,
    totalSegments,
    profileFromItem,
    (error) => error instanceof CorruptProfileError,
    (item) => String(item.customerId),
  );
  trackVisitsTenantWide(profiles);
  return { profiles, unreadable };
}

/**
 * The profiles of one parallel scan segment, as read by an evaluator invocation that works on that segment
 * alone. Whether visits are tracked is a fact about the whole distributor (see `trackVisitsTenantWide`), so
 * it comes from the caller, who has heard from every segment.
 */
export async function readSegmentProfiles(
  doc: DynamoDBDocumentClient,
  table: string,
  segment: { index: number; total: number },
  visitsTracked: boolean,
): Promise<{ profiles: CustomerProfile[]; unreadable: string[] }> {
  const { items: profiles, unreadable } = await scanSegmentParsed(
    doc,
    table,
    segment,
    profileFromItem,
    (error) => error instanceof CorruptProfileError,
    (item) => String(item.customerId),
  );
  if (visitsTracked) for (const profile of profiles) profile.visitsTracked = true;
  return { profiles, unreadable };
}
