import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, trackVisitsTenantWide } from '../../core/profile.ts';
import { CorruptProfileError, profileFromItem } from './profile-item.ts';
import { scanItems } from './scan.ts';

/**
 * Every profile, read over `totalSegments` parallel scan segments at once. A profile that cannot be read is
 * named in `unreadable` (a hand edit, a bug) instead of stopping everyone's evaluation or vanishing quietly.
 */
export async function readAllProfiles(
  doc: DynamoDBDocumentClient,
  table: string,
  totalSegments: number,
): Promise<{ profiles: CustomerProfile[]; unreadable: string[] }> {
  const unreadable: string[] = [];
  const lists = await Promise.all(
    Array.from({ length: totalSegments }, async (_, index) => {
      const list: CustomerProfile[] = [];
      for await (const item of scanItems(doc, table, { index, total: totalSegments })) {
        try {
          list.push(profileFromItem(item));
        } catch (error) {
          if (!(error instanceof CorruptProfileError)) throw error;
          unreadable.push(String(item.customerId));
        }
      }
      return list;
    }),
  );
  const profiles = lists.flat();
  trackVisitsTenantWide(profiles);
  return { profiles, unreadable: unreadable.sort() };
}
