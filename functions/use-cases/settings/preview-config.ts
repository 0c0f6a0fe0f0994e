import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CurrentConfig, InvalidConfigError } from '../../adapters/dynamodb/config-store.ts';
import { readAllCustomers } from '../../adapters/dynamodb/customer-items.ts';
import { dynamoRiskModelStore } from '../../adapters/dynamodb/cycle-stores.ts';
import { readAllProfiles } from '../../adapters/dynamodb/profile-scan.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import { type ChurnConfig, parseConfig, RULE_IDS, type RuleId, TIERS, type Tier } from '../../core/config.ts';
import { type ConfigChange, type ConfigDocument, diffConfigs } from '../../core/config-keys.ts';
import { type Day, formatDay } from '../../core/days.ts';
import type { EvaluationResult } from '../../core/evaluate.ts';
import { evaluateWithRiskModel } from '../../core/learned/scoring.ts';
import { modelForRun } from '../cycle/learned-scoring.ts';

/**
 * What proposed settings would change before they are saved: every customer evaluated on one day's data with
 * the current settings and with the proposed ones. `churn-watch config preview` and the admin page's "预览"
 * both call this, so they give the same counts.
 */

/** How many customers one config flags, as the preview compares them. */
export interface FlagCounts {
  customers: number;
  atRisk: number;
  /** Silent past `atRisk.lostAfterDays`: out of the daily lists. */
  lost: number;
  /** Customers (lost ones excluded) with a finding of each rule. */
  byRule: Record<RuleId, number>;
  /** Customers in each tier, and those of them at risk. */
  byTier: Record<Tier, { customers: number; atRisk: number }>;
}

export interface ConfigPreview {
  asOf: string;
  currentVersion: number;
  changes: ConfigChange[];
  current: FlagCounts;
  proposed: FlagCounts;
}

export interface PreviewStore {
  doc: DynamoDBDocumentClient;
  tables: Pick<TableNames, 'config' | 'profiles' | 'customers'>;
  /** Parallel scan segments for the profiles (CHURN_WATCH_SCAN_SEGMENTS); 4 by default. */
  segments?: number;
}

export interface PreviewInput {
  current: CurrentConfig;
  /** The whole proposed overrides document (the current overrides with the changes applied). */
  overrides: ConfigDocument;
  asOf: Day;
}

/**
 * The preview of `overrides` against `current` on the data of `asOf`; nothing is written. Refused like a save
 * when the proposed settings do not validate. `unreadable` names profiles that could not be read (not
 * counted).
 */
export async function previewConfig(
  store: PreviewStore,
  { current, overrides, asOf }: PreviewInput,
): Promise<{ preview: ConfigPreview; unreadable: string[] }> {
  const proposed = parseConfig(overrides);
  if (!proposed.ok) throw new InvalidConfigError(proposed.issues);
  const { doc, tables } = store;
  const segments = store.segments ?? 4;
  const [{ profiles, unreadable }, customers] = await Promise.all([
    readAllProfiles(doc, tables.profiles, Number.isInteger(segments) && segments >= 1 ? segments : 4),
    readAllCustomers(doc, tables.customers),
  ]);
  // Scored as the day's run scores: with the stored model it would use, for either settings that keep the
  // model's own (riskModel, cycle); settings that change those get a model fitted on today's profiles.
  const stored = await modelForRun(dynamoRiskModelStore(doc, tables.config), current.config, asOf);
  const sameModel = (config: ChurnConfig) =>
    JSON.stringify([config.riskModel, config.cycle]) ===
    JSON.stringify([current.config.riskModel, current.config.cycle]);
  const scored = (config: ChurnConfig): EvaluationResult =>
    evaluateWithRiskModel({
      profiles,
      customers,
      asOf,
      config,
      model: stored?.model && sameModel(config) ? stored.model : null,
    }).result;
  const preview: ConfigPreview = {
    asOf: formatDay(asOf),
    currentVersion: current.version,
    changes: diffConfigs(current.config, proposed.config),
    current: countFlags(scored(current.config)),
    proposed: countFlags(scored(proposed.config)),
  };
  return { preview, unreadable };
}

export function countFlags(result: EvaluationResult): FlagCounts {
  const byRule = Object.fromEntries(RULE_IDS.map((rule) => [rule, 0])) as Record<RuleId, number>;
  const byTier = Object.fromEntries(TIERS.map((tier) => [tier, { customers: 0, atRisk: 0 }])) as Record<
    Tier,
    { customers: number; atRisk: number }
  >;
  let atRisk = 0;
  let lost = 0;
  for (const customer of result.customers) {
    byTier[customer.tier].customers++;
    if (customer.status === 'lost') {
      lost++;
      continue;
    }
    if (customer.atRisk) {
      atRisk++;
      byTier[customer.tier].atRisk++;
    }
    for (const rule of new Set(customer.findings.map((finding) => finding.rule))) byRule[rule]++;
  }
  return { customers: result.customers.length, atRisk, lost, byRule, byTier };
}

/** The share of customers at risk as a whole percent (its change is said in percentage points). */
export function atRiskShare(counts: FlagCounts): number {
  return counts.customers === 0 ? 0 : Math.round((counts.atRisk / counts.customers) * 100);
}
