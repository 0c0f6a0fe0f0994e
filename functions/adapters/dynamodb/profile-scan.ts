import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, trackVisitsTenantWide } from '../../core/profile.ts';
import { CorruptProfileError, profileFromItem } from './profile-item.ts';
import { scanParsed } from './scan.ts';

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
