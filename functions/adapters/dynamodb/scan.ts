import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every item of a table (or of one parallel-scan segment), page by page. */
export async function* scanItems(
  doc: DynamoDBDocumentClient,
  table: string,
  segment?: { index: number; total: number },
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        ExclusiveStartKey: start,
        ...(segment ? { Segment: segment.index, TotalSegments: segment.total } : {}),
      }),
    );
    yield* (page.Items ?? []) as Record<string, unknown>[];
    start = page.LastEvaluatedKey;
  } while (start);
}
