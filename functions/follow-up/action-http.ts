import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../adapters/dynamodb/tables.ts';

/*
 * PLACEHOLDER, to be replaced by engineer A's module of the same name: it only fixes the agreed signature so
 * the Lambda handler (functions/handlers/action-api.ts) and its CDK route can be built and tested meanwhile.
 * It records nothing and answers every tap with 501.
 */

/** The API Gateway proxy event's fields the action page needs; `path` ends with `/a/<token>`. */
export interface ActionHttpEvent {
  httpMethod: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export interface ActionHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface ActionDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** The signing key of the links. */
  key: string;
  now: () => number;
}

export async function handleActionRequest(
  _event: ActionHttpEvent,
  _deps: ActionDeps,
): Promise<ActionHttpResponse> {
  return {
    statusCode: 501,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body:
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>churn-watch</title><p>此功能尚未开放。</p><p lang="en">Not available yet.</p></html>',
  };
}
