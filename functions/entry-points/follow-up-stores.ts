import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoActionDirectory } from '../adapters/dynamodb/action-directory.ts';
import { dynamoAnswerStore } from '../adapters/dynamodb/answer-store.ts';
import { dynamoIngestStore } from '../adapters/dynamodb/ingest-store.ts';
import type { TableNames } from '../adapters/dynamodb/tables.ts';
import type { ActionDeps } from '../use-cases/follow-up/action-http.ts';
import { ingestEvents } from '../use-cases/ingest/ingest-events.ts';

/**
 * The follow-up use cases' stores on DynamoDB, as the Lambda (action-api.ts) and the local action route
 * (`churn-watch local`) hand them in: the answers and alert records, the page's look-ups, and the ingest
 * path a visit or coupon answer takes (refusals worded in English: they reach the server log, not the rep).
 */
export function dynamoFollowUpStores(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
): Pick<ActionDeps, 'answers' | 'events' | 'directory'> {
  const store = dynamoIngestStore(doc, tables);
  return {
    answers: dynamoAnswerStore(doc, tables),
    directory: dynamoActionDirectory(doc, tables),
    events: (kind, records, calendar) => ingestEvents(kind, records, { store, locale: 'en', ...calendar }),
  };
}
