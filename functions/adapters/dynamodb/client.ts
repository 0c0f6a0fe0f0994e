import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB client, created once per process. Endpoint, region and credentials come from the standard
 * SDK environment (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION, profiles…), so the same code talks to dynalite,
 * DynamoDB Local, LocalStack or AWS. Tests and the local runtime hand in their own.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5, ...config }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
