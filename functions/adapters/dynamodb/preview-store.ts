import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PreviewStore } from '../../use-cases/settings/preview-config.ts';
import { readAllCustomers } from './customer-items.ts';
import { readAllProfiles } from './profile-scan.ts';
import { latestRiskModelBefore } from './risk-model-store.ts';
import type { TableNames } from './tables.ts';

/**
 * What a settings preview reads: every profile (a parallel scan in `segments`, CHURN_WATCH_SCAN_SEGMENTS; 4
 * when not a whole number ≥ 1), every customer, and the stored risk models.
 */
export function dynamoPreviewStore(
  doc: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'config' | 'profiles' | 'customers'>,
  segments = 4,
): PreviewStore {
  return {
    profiles: () =>
      readAllProfiles(doc, tables.profiles, Number.isInteger(segments) && segments >= 1 ? segments : 4),
    customers: () => readAllCustomers(doc, tables.customers),
    latestRiskModel: (asOf) => latestRiskModelBefore(doc, tables.config, asOf),
  };
}
