import { gunzipSync, gzipSync } from 'node:zlib';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RankEntry, SegmentRankStore } from '../../use-cases/cycle/segment-ranks.ts';
import { batchDeleteAll, UnprocessedItemsError } from './batch.ts';
import { queryItems } from './scan.ts';

/**
 * A fanned-out run's rank entries as temporary items of the config table: `{pk: 'rank#<runId>', sk:
 * '<segment>#<chunk>'}`, each chunk gzipped JSON, the segment's first chunk carrying how many chunks the
 * latest attempt wrote.
 */

/** A chunk stays well under DynamoDB's 400 KB item limit, whatever the ids look like. */
const MAX_CHUNK_BYTES = 300_000;
/** Temporary items outlive a failed run by two days at most (the config table's TTL attribute). */
const TEMPORARY_SECONDS = 2 * 24 * 3600;

const rankPk = (runId: string) => `rank#${runId}`;
const rankSk = (segment: number, chunk: number) =>
  `${String(segment).padStart(3, '0')}#${String(chunk).padStart(4, '0')}`;

export function dynamoSegmentRankStore(
  doc: DynamoDBDocumentClient,
  table: string,
  now: () => number = Date.now,
): SegmentRankStore {
  const items = async (runId: string): Promise<Record<string, unknown>[]> => {
    const found: Record<string, unknown>[] = [];
    for await (const item of queryItems(doc, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': rankPk(runId) },
      ConsistentRead: true,
    })) {
      found.push(item);
    }
    return found;
  };
  return {
    async put(runId, segment, entries) {
      const chunks = encodeKeys(entries);
      const expiresAt = Math.floor(now() / 1000) + TEMPORARY_SECONDS;
      // Overwrites what an earlier attempt of this step wrote under the same keys; chunks beyond this
      // attempt's count are left behind, and `read` tells them apart by the count on chunk 0.
      await Promise.all(
        chunks.map((data, chunk) =>
          doc.send(
            new PutCommand({
              TableName: table,
              Item: { pk: rankPk(runId), sk: rankSk(segment, chunk), data, count: chunks.length, expiresAt },
            }),
          ),
        ),
      );
    },
    async read(runId) {
      const found = await items(runId);
      const counts = new Map<number, number>();
      for (const item of found) {
        const [segment, chunk] = String(item.sk).split('#').map(Number);
        if (chunk === 0) counts.set(segment as number, Number(item.count));
      }
      const bySegment = new Map<number, RankEntry[]>();
      for (const item of found) {
        const [segment = -1, chunk = -1] = String(item.sk).split('#').map(Number);
        if (chunk >= (counts.get(segment) ?? 0)) continue;
        const entries = bySegment.get(segment) ?? [];
        entries.push(...decodeKeys(item.data as Uint8Array));
        bySegment.set(segment, entries);
      }
      return bySegment;
    },
    async remove(runId) {
      const keys = (await items(runId)).map((item) => ({ pk: item.pk, sk: item.sk }));
      try {
        // Left-overs expire by TTL, so unprocessed deletes are retried once and then left to it.
        await batchDeleteAll(doc, table, keys, { maxAttempts: 2 });
      } catch (error) {
        if (!(error instanceof UnprocessedItemsError)) throw error;
      }
    },
  };
}

/**
 * Rank entries as gzipped JSON, `[id, sales]` or, with a BG/NBD summary, `[id, sales, x, t_x, T]` (`[id, sales,
 * null]` for a customer without a purchase), split so that no chunk nears the item size limit.
 */
export function encodeKeys(entries: readonly RankEntry[]): Uint8Array[] {
  const row = ({ key, summary }: RankEntry) =>
    summary === undefined
      ? [key.customerId, key.trailingSales]
      : summary === null
        ? [key.customerId, key.trailingSales, null]
        : [key.customerId, key.trailingSales, summary.frequency, summary.recency, summary.T];
  const encode = (part: readonly RankEntry[]) => gzipSync(JSON.stringify(part.map(row)));
  const chunks: Uint8Array[] = [];
  const split = (part: readonly RankEntry[]): void => {
    const data = encode(part);
    if (data.byteLength <= MAX_CHUNK_BYTES || part.length <= 1) {
      chunks.push(data);
      return;
    }
    const middle = Math.ceil(part.length / 2);
    split(part.slice(0, middle));
    split(part.slice(middle));
  };
  // Starting from 20,000 entries a chunk (about 100 KB compressed with short ids) keeps the splitting rare.
  if (entries.length === 0) split([]);
  for (let start = 0; start < entries.length; start += 20_000) split(entries.slice(start, start + 20_000));
  return chunks;
}

export function decodeKeys(data: Uint8Array): RankEntry[] {
  const rows = JSON.parse(gunzipSync(data).toString('utf8')) as [string, number, ...(number | null)[]][];
  return rows.map(([customerId, trailingSales, ...rest]) => {
    const key = { customerId, trailingSales };
    if (rest.length === 0) return { key };
    const [frequency, recency, T] = rest;
    return {
      key,
      summary:
        typeof frequency === 'number' && typeof recency === 'number' && typeof T === 'number'
          ? { frequency, recency, T }
          : null,
    };
  });
}
