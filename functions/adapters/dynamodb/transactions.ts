import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, isTransactionConflict } from './conditions.ts';
import { itemSizeBytes } from './item-size.ts';

type Item = Record<string, unknown>;

/** A put that only goes through if the item is still in the state its writer read. */
export interface ConditionalPut {
  TableName: string;
  Item: Item;
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/**
 * What became of one put of a transaction: written; refused by its condition (with the item as stored, so the
 * writer need not read it again); not tried because another put of the same transaction was refused; or
 * not tried because the store was busy with a conflicting transaction or throttled (back off, send again).
 */
export type PutOutcome =
  | { kind: 'written' }
  | { kind: 'refused'; stored: Item | undefined }
  | { kind: 'notTried' }
  | { kind: 'busy' };

/** DynamoDB's limits on one TransactWriteItems: 100 actions, 4 MB of items together. */
export const MAX_TRANSACTION_ITEMS = 100;
/** 4 MB less room for the request's own fields; item sizes are estimated upwards (itemSizeBytes). */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024 - 64 * 1024;

/**
 * Splits entries into groups one transaction can take, in their order: at most 100, and at most 4 MB of
 * items together (a profile may be up to 400 KB, so 25 of them need not fit in one).
 */
export function transactionGroups<T>(entries: readonly T[], sizeOf: (entry: T) => number): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = sizeOf(entry);
    if (group.length > 0 && (group.length >= MAX_TRANSACTION_ITEMS || bytes + size > MAX_TRANSACTION_BYTES)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(entry);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The size of a put's item as {@link transactionGroups} counts it. */
export const putSizeBytes = (put: ConditionalPut): number => itemSizeBytes(put.Item);

/**
 * Writes the puts all together or not at all (one TransactWriteItems) and says what became of each. A
 * refusal comes with the item as stored (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), top-level strings,
 * numbers and booleans read as such. Errors other than a refusal or a conflict are thrown.
 *
 * A single put is a plain conditional PutItem unless `stored` is `'needed'`: the same outcome for half the
 * write cost on AWS, but dynalite returns no item with a PutItem refusal.
 */
export async function putTogether(
  doc: DynamoDBDocumentClient,
  puts: readonly ConditionalPut[],
  options: { stored?: 'needed' | 'not needed' } = {},
): Promise<PutOutcome[]> {
  if (puts.length === 0) return [];
  if (puts.length === 1 && options.stored !== 'needed') {
    const [put] = puts as [ConditionalPut];
    try {
      await doc.send(new PutCommand({ ...put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return [{ kind: 'written' }];
    } catch (error) {
      if (isConditionFailure(error)) {
        return [{ kind: 'refused', stored: storedItem((error as { Item?: unknown }).Item) }];
      }
      if (isTransactionConflict(error)) return [{ kind: 'busy' }];
      throw error;
    }
  }
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: puts.map((put) => ({
          Put: { ...put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        })),
      }),
    );
    return puts.map(() => ({ kind: 'written' }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    return puts.map((_, i): PutOutcome => {
      const reason = reasons[i];
      switch (reason?.Code) {
        case 'ConditionalCheckFailed':
          return { kind: 'refused', stored: storedItem(reason.Item) };
        case undefined:
        case null:
        case 'None':
          return { kind: 'notTried' };
        case 'TransactionConflict':
        case 'ThrottlingError':
        case 'ProvisionedThroughputExceeded':
          return { kind: 'busy' };
        default:
          throw error;
      }
    });
  }
}

interface CancellationReason {
  Code?: string | null;
  Message?: string;
  Item?: unknown;
}

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if ((error as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
  return Array.isArray(reasons) ? (reasons as CancellationReason[]) : undefined;
}

/**
 * The stored item a refusal carries: the SDK hands it on as DynamoDB sent it (`{ S: '…' }`), the document
 * client does not convert errors. Only top-level strings, numbers and booleans are read, which is all a
 * writer checks (fingerprint, owner, version).
 */
function storedItem(item: unknown): Item | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const plain: Item = {};
  for (const [name, value] of Object.entries(item as Item)) {
    const typed = value as { S?: unknown; N?: unknown; BOOL?: unknown } | null;
    if (typeof typed !== 'object' || typed === null) plain[name] = value;
    else if (typeof typed.S === 'string') plain[name] = typed.S;
    else if (typeof typed.N === 'string') plain[name] = Number(typed.N);
    else if (typeof typed.BOOL === 'boolean') plain[name] = typed.BOOL;
  }
  return plain;
}
