import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Day } from '../../core/days.ts';
import { scanItems } from './scan.ts';

/** A visit as the weekly summary and the effect report read it: who was visited, by whom, on which day. */
export interface VisitRecord {
  customerId: string;
  repId?: string | undefined;
  day: Day;
}

/** Visits recorded on or after `from`, from the events table (filtered on the server). */
export async function visitsSince(
  doc: DynamoDBDocumentClient,
  table: string,
  from: Day,
): Promise<VisitRecord[]> {
  const visits: VisitRecord[] = [];
  for await (const item of scanItems(doc, table, undefined, {
    FilterExpression: 'kind = :visit AND #day >= :from',
    ExpressionAttributeNames: { '#day': 'day' },
    ExpressionAttributeValues: { ':visit': 'visits', ':from': from },
  })) {
    visits.push({
      customerId: String(item.customerId),
      repId: typeof item.repId === 'string' ? item.repId : undefined,
      day: Number(item.day) as Day,
    });
  }
  return visits;
}
