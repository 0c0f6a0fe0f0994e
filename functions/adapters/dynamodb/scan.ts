import {
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** What a scan may add: a server-side filter, a projection, a consistent read. */
export type ScanOptions = Pick<
  ScanCommandInput,
  | 'FilterExpression'
  | 'ProjectionExpression'
  | 'ExpressionAttributeNames'
  | 'ExpressionAttributeValues'
  | 'ConsistentRead'
>;

/**
 * A projection of these attribute paths (`[['customerId'], ['orders', 'days']]`), every name a placeholder:
 * DynamoDB reserves many plain words (DAY, HASH, STATUS…).
 */
export function projectionOf(
  paths: readonly (readonly string[])[],
): Pick<ScanOptions, 'ProjectionExpression' | 'ExpressionAttributeNames'> {
  const placeholders = new Map<string, string>();
  const placeholder = (name: string) => {
    if (!placeholders.has(name)) placeholders.set(name, `#p${placeholders.size}`);
    return placeholders.get(name) as string;
  };
  return {
    ProjectionExpression: paths.map((path) => path.map(placeholder).join('.')).join(', '),
    ExpressionAttributeNames: Object.fromEntries([...placeholders].map(([name, key]) => [key, name])),
  };
}

/** Every item of a table (or of one parallel-scan segment), page by page. */
export async function* scanItems(
  doc: DynamoDBDocumentClient,
  table: string,
  segment?: { index: number; total: number },
  options: ScanOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        ExclusiveStartKey: start,
        ...(segment ? { Segment: segment.index, TotalSegments: segment.total } : {}),
        ...options,
      }),
    );
    yield* (page.Items ?? []) as Record<string, unknown>[];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item a query matches, page by page. */
export async function* queryItems(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield* (page.Items ?? []) as Record<string, unknown>[];
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Every item of a table read over `totalSegments` parallel scan segments at once, each parsed. An item the
 * parser refuses as unreadable (`isUnreadable` of its error: a hand edit, an older version) is named by its
 * key in `unreadable` instead of stopping the whole read; any other error stops it.
 */
export async function scanParsed<T>(
  doc: DynamoDBDocumentClient,
  table: string,
  totalSegments: number,
  parse: (item: Record<string, unknown>) => T,
  isUnreadable: (error: unknown) => boolean,
  keyOf: (item: Record<string, unknown>) => string,
  options: ScanOptions = {},
): Promise<{ items: T[]; unreadable: string[] }> {
  const parts = await Promise.all(
    Array.from({ length: totalSegments }, (_, index) =>
      scanSegmentParsed(doc, table, { index, total: totalSegments }, parse, isUnreadable, keyOf, options),
    ),
  );
  return {
    items: parts.flatMap((part) => part.items),
    unreadable: parts.flatMap((part) => part.unreadable).sort(),
  };
}

/** {@link scanParsed} of one parallel scan segment, for an invocation that works on that segment alone. */
export async function scanSegmentParsed<T>(
  doc: DynamoDBDocumentClient,
  table: string,
  segment: { index: number; total: number },
  parse: (item: Record<string, unknown>) => T,
  isUnreadable: (error: unknown) => boolean,
  keyOf: (item: Record<string, unknown>) => string,
  options: ScanOptions = {},
): Promise<{ items: T[]; unreadable: string[] }> {
  const items: T[] = [];
  const unreadable: string[] = [];
  for await (const item of scanItems(doc, table, segment, options)) {
    try {
      items.push(parse(item));
    } catch (error) {
      if (!isUnreadable(error)) throw error;
      unreadable.push(keyOf(item));
    }
  }
  return { items, unreadable: unreadable.sort() };
}
