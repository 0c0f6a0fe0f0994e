import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, trackVisitsTenantWide } from '../../core/profile.ts';
import {
  CorruptProfileError,
  EVALUATION_ATTRIBUTES,
  evaluationProfileFromItem,
  profileFromItem,
} from './profile-item.ts';
import { projectionOf, scanParsed, scanSegmentParsed } from './scan.ts';

/**
 * How much of each profile a read returns: all of it, or what the evaluation needs (no order numbers, no
 * rep per order; see {@link EVALUATION_ATTRIBUTES}), which is what a daily run reads every morning.
 */
export type ProfileView = 'whole' | 'evaluation';

const views = {
  whole: { parse: profileFromItem, options: {} },
  evaluation: { parse: evaluationProfileFromItem, options: projectionOf(EVALUATION_ATTRIBUTES) },
} as const;

const isUnreadable = (error: unknown) => error instanceof CorruptProfileError;
const customerIdOf = (item: Record<string, unknown>) => String(item.customerId);

/**
 * Every profile, read over `totalSegments` parallel scan segments at once. A profile that cannot be read is
 * named in `unreadable` (a hand edit, a bug) instead of stopping everyone's evaluation or vanishing quietly.
 */
export async function readAllProfiles(
  doc: DynamoDBDocumentClient,
  table: string,
  totalSegments: number,
  view: ProfileView = 'whole',
): Promise<{ profiles: CustomerProfile[]; unreadable: string[] }> {
  const { parse, options } = views[view];
  const { items: profiles, unreadable } = await scanParsed(
    doc,
    table,
    totalSegments,
    parse,
    isUnreadable,
    customerIdOf,
    options,
  );
  trackVisitsTenantWide(profiles);
  return { profiles, unreadable };
}

/**
 * The profiles of one parallel scan segment, as read by an evaluator invocation that works on that segment
 * alone (the evaluation's view). Whether visits are tracked is a fact about the whole distributor (see
 * `trackVisitsTenantWide`), so it comes from the caller, who has heard from every segment.
 */
export async function readSegmentProfiles(
  doc: DynamoDBDocumentClient,
  table: string,
  segment: { index: number; total: number },
  visitsTracked: boolean,
): Promise<{ profiles: CustomerProfile[]; unreadable: string[] }> {
  const { parse, options } = views.evaluation;
  const { items: profiles, unreadable } = await scanSegmentParsed(
    doc,
    table,
    segment,
    parse,
    isUnreadable,
    customerIdOf,
    options,
  );
  if (visitsTracked) for (const profile of profiles) profile.visitsTracked = true;
  return { profiles, unreadable };
}

/** How many profiles the table holds, as DynamoDB last counted them (it refreshes the count about every six hours). */
export async function profileCount(doc: DynamoDBDocumentClient, table: string): Promise<number> {
  const { Table } = await doc.send(new DescribeTableCommand({ TableName: table }));
  return Table?.ItemCount ?? 0;
}
