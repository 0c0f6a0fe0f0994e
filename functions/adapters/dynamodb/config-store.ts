import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ChurnConfig, DEFAULT_CONFIG, parseConfig } from '../../core/config.ts';
import { LocalizedError } from '../../core/localized-error.ts';

/** Where the current settings live in the config table: `{pk: 'config', sk: 'current'}`. */
export const CURRENT_CONFIG_KEY = { pk: 'config', sk: 'current' } as const;

export interface LoadedConfig {
  config: ChurnConfig;
  /** 0 = the built-in defaults (nothing stored yet). */
  version: number;
}

export class StoredConfigError extends LocalizedError {
  override readonly name = 'StoredConfigError';
}

/**
 * The settings the daily cycle runs with: the stored overrides over the defaults. A stored document that no
 * longer validates stops the run with the offending keys named, rather than alerting on wrong thresholds.
 */
export async function loadConfig(doc: DynamoDBDocumentClient, table: string): Promise<LoadedConfig> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: CURRENT_CONFIG_KEY, ConsistentRead: true }),
  );
  if (!Item) return { config: DEFAULT_CONFIG, version: 0 };
  const parsed = parseConfig(Item.overrides ?? {}, 'en');
  if (!parsed.ok) {
    const zhIssues = parseConfig(Item.overrides ?? {}, 'zh-CN');
    const list = (issues: { field: string; message: string }[]) =>
      issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
    throw new StoredConfigError({
      'zh-CN': `配置表中的当前配置（版本 ${String(Item.version)}）无效：${zhIssues.ok ? '' : list(zhIssues.issues)}`,
      en: `the current config (version ${String(Item.version)}) in the config table is invalid: ${list(parsed.issues)}`,
    });
  }
  return { config: parsed.config, version: typeof Item.version === 'number' ? Item.version : 0 };
}
