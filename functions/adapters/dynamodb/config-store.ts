import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type ChurnConfig, DEFAULT_CONFIG, parseConfig } from '../../core/config.ts';
import {
  type ConfigChange,
  type ConfigDocument,
  diffConfigs,
  getAt,
  settingsBeside,
} from '../../core/config-keys.ts';
import type { Locale } from '../../core/locale.ts';
import { LocalizedError } from '../../core/localized-error.ts';
import type { FieldIssue } from '../../core/validation.ts';
import { textFor } from '../../text/catalogue.ts';
import { worded } from '../../text/errors.ts';
import { describeField, describeFieldProblem, fieldProblemLine } from '../../text/problems.ts';
import { describeAllowed } from '../../text/settings.ts';
import { isConditionFailure } from './conditions.ts';
import { queryItems } from './scan.ts';

import { CURRENT_CONFIG_KEY } from '../../contracts/tables.ts';

export { CURRENT_CONFIG_KEY };

/**
 * Where each saved version lives: `{pk: 'config', sk: 'v000042'}`. Zero-padded so the sort key orders
 * versions numerically and the history is one Query, newest first.
 */
export function configVersionKey(version: number): { pk: 'config'; sk: string } {
  return { pk: 'config', sk: `v${String(version).padStart(6, '0')}` };
}

export interface LoadedConfig {
  config: ChurnConfig;
  /** 0 = the built-in defaults (nothing stored yet). */
  version: number;
}

/** The current settings with the overrides they come from and who saved them (null before any save). */
export interface CurrentConfig extends LoadedConfig {
  overrides: ConfigDocument;
  changedBy: string | null;
  changedAt: string | null;
  reason: string | null;
}

/** One saved version, as the history shows it. */
export interface ConfigVersion {
  version: number;
  overrides: ConfigDocument;
  changedBy: string;
  /** ISO instant. */
  changedAt: string;
  reason: string;
  changes: ConfigChange[];
  /** Set when this version restored an earlier one. */
  rolledBackTo?: number;
}

export class StoredConfigError extends LocalizedError {
  override readonly name = 'StoredConfigError';
}

/** `（允许：…）` after a refused value; for an unknown key, the settings that exist there. */
function whatIsAllowed(issue: FieldIssue, message: string, locale: Locale): string {
  const text = textFor(locale).settings;
  const allowed = describeAllowed(issue.field, locale);
  // An enum's message already lists its values.
  if (allowed !== undefined) {
    if (message.includes(allowed)) return '';
    return text.allowedAfterRefusal(allowed);
  }
  // Only for a key that does not exist: a refused value of a real setting (a repeated reason, an empty list)
  // is not helped by a list of its neighbours.
  if (getAt(DEFAULT_CONFIG, issue.field) !== undefined) return '';
  const beside = settingsBeside(issue.field);
  if (beside === undefined) return '';
  return text.settingsHere(beside.join(text.allowed.optionSeparator));
}

/** Each refused key as `key message`, the message in the reader's language. */
const issueLines = (issues: readonly FieldIssue[], locale: Locale): string[] =>
  issues.map((issue) =>
    fieldProblemLine(describeField(issue.field, locale), describeFieldProblem(issue.problem, locale)),
  );

/** Refused settings: nothing was written. Each issue names the key; the text says what the key accepts. */
export class InvalidConfigError extends LocalizedError {
  override readonly name = 'InvalidConfigError';
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[]) {
    super((locale) =>
      [
        textFor(locale).settings.invalidConfig,
        ...issues.map((issue) => {
          // A value of the wrong kind is refused with what the setting allows (`1–3650 的整数`), not a bare kind.
          const allowed = issue.problem.code === 'type' ? describeAllowed(issue.field, locale) : undefined;
          if (allowed !== undefined) {
            return `  ${fieldProblemLine(describeField(issue.field, locale), textFor(locale).problems.wrongType(allowed))}`;
          }
          const message = describeFieldProblem(issue.problem, locale);
          return `  ${fieldProblemLine(describeField(issue.field, locale), message)}${whatIsAllowed(issue, message, locale)}`;
        }),
      ].join('\n'),
    );
    this.issues = issues;
  }
}

/** Another save got in first: the caller's view of the config is out of date. */
export class ConfigConflictError extends LocalizedError {
  override readonly name = 'ConfigConflictError';

  constructor(readonly currentVersion: number) {
    super(worded((text) => text.settings.conflict(currentVersion)));
  }
}

/** A change that cannot be made as asked (no reason given, no such version to roll back to). */
export class ConfigChangeError extends LocalizedError {
  override readonly name = 'ConfigChangeError';
}

/**
 * A version item left by a save that stopped between its two writes (a crash, a killed process) is taken
 * over after this long; a save in flight takes milliseconds.
 */
export const ABANDONED_SAVE_MS = 60_000;

const overridesSchema = z.record(z.string(), z.unknown());

const versionItemSchema = z.object({
  version: z.number().int().min(1),
  overrides: overridesSchema,
  changedBy: z.string(),
  changedAt: z.string(),
  reason: z.string(),
  changes: z.array(z.object({ key: z.string(), from: z.unknown(), to: z.unknown() })),
  rolledBackTo: z.number().int().min(0).optional(),
});

function versionFromItem(item: Record<string, unknown>): ConfigVersion {
  const parsed = versionItemSchema.safeParse(item);
  if (!parsed.success) {
    throw new StoredConfigError(worded((text) => text.settings.storedVersionUnreadable(String(item.sk))));
  }
  const { rolledBackTo, ...version } = parsed.data;
  return {
    ...version,
    changes: version.changes.map((change) => ({
      key: change.key,
      from: change.from ?? null,
      to: change.to ?? null,
    })),
    ...(rolledBackTo === undefined ? {} : { rolledBackTo }),
  };
}

async function readCurrentItem(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: CURRENT_CONFIG_KEY, ConsistentRead: true }),
  );
  return Item;
}

const versionOf = (item: Record<string, unknown> | undefined): number =>
  typeof item?.version === 'number' ? item.version : 0;

const overridesOf = (item: Record<string, unknown> | undefined): ConfigDocument => {
  const parsed = overridesSchema.safeParse(item?.overrides ?? {});
  return parsed.success ? parsed.data : {};
};

/** The stored current item's settings, or the error that stops a run on settings that no longer validate. */
function configOfItem(item: Record<string, unknown>): ChurnConfig {
  const parsed = parseConfig(item.overrides ?? {});
  if (!parsed.ok) {
    const { issues } = parsed;
    throw new StoredConfigError((locale) => {
      const text = textFor(locale).settings;
      return text.storedConfigInvalid(
        String(item.version),
        issueLines(issues, locale).join(text.issueSeparator),
      );
    });
  }
  return parsed.config;
}

/**
 * The settings the daily cycle runs with: the stored overrides over the defaults. A stored document that no
 * longer validates stops the run with the offending keys named, rather than alerting on wrong thresholds.
 */
export async function loadConfig(doc: DynamoDBDocumentClient, table: string): Promise<LoadedConfig> {
  const Item = await readCurrentItem(doc, table);
  if (!Item) return { config: DEFAULT_CONFIG, version: 0 };
  return { config: configOfItem(Item), version: versionOf(Item) };
}

/**
 * The settings of one saved version (0: the defaults), so every invocation of a fanned-out run works with
 * the settings the run started with, even when an admin saves a change half-way through.
 */
export async function loadConfigVersion(
  doc: DynamoDBDocumentClient,
  table: string,
  version: number,
): Promise<ChurnConfig> {
  if (version === 0) return DEFAULT_CONFIG;
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: configVersionKey(version), ConsistentRead: true }),
  );
  if (!Item) {
    throw new StoredConfigError(worded((text) => text.settings.versionNotStored(version)));
  }
  return configOfItem(Item);
}

/** {@link loadConfig} plus the overrides and who saved them, for an admin looking at the settings. */
export async function readCurrentConfig(doc: DynamoDBDocumentClient, table: string): Promise<CurrentConfig> {
  const Item = await readCurrentItem(doc, table);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    config: Item ? configOfItem(Item) : DEFAULT_CONFIG,
    version: versionOf(Item),
    overrides: overridesOf(Item),
    changedBy: text(Item?.changedBy),
    changedAt: text(Item?.changedAt),
    reason: text(Item?.reason),
  };
}

/**
 * The stored overrides and their version, validated or not: what a change is made on top of, so that a
 * stored document that no longer validates can still be repaired by the next save.
 */
export async function readCurrentOverrides(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<{ version: number; overrides: ConfigDocument }> {
  const Item = await readCurrentItem(doc, table);
  return { version: versionOf(Item), overrides: overridesOf(Item) };
}

export interface SaveConfigInput {
  /** The whole partial document to store (not a patch): what the settings are after the save. */
  overrides: ConfigDocument;
  changedBy: string;
  reason: string;
  /** The version the caller read and changed; the save is refused when the config moved on since. */
  expectedVersion: number;
  /** When the change is made (epoch ms); the clock by default. */
  now?: number;
  /** Internal: set by {@link rollbackConfig}. */
  rolledBackTo?: number;
}

export interface SavedConfig {
  /** False when the settings would not change: nothing was written and `version` is the current one. */
  saved: boolean;
  version: number;
  before: ChurnConfig;
  config: ChurnConfig;
  changes: ConfigChange[];
  changedAt: string;
}

/**
 * Saves settings as a new version. Refused, with nothing written, when they do not validate, when no
 * reason or author is given, or when the config is no longer at `expectedVersion`.
 *
 * Two writes without a transaction (dynalite has none): first the version item, created only if that
 * version does not exist yet, so of two admins saving on top of the same version exactly one wins it; then
 * the current item, only while it is still at `expectedVersion`. The daily cycle reads only the current
 * item, so it never sees a half-made save; a version item whose save stopped between the writes is not
 * part of the history and is taken over by the next save after {@link ABANDONED_SAVE_MS}.
 */
export async function saveConfig(
  doc: DynamoDBDocumentClient,
  table: string,
  input: SaveConfigInput,
): Promise<SavedConfig> {
  const changedBy = input.changedBy.trim();
  const reason = input.reason.trim();
  if (changedBy === '' || reason === '') {
    throw new ConfigChangeError(worded((text) => text.settings.whoAndWhy));
  }
  const proposed = parseConfig(input.overrides);
  if (!proposed.ok) throw new InvalidConfigError(proposed.issues);
  const current = await readCurrentItem(doc, table);
  const currentVersion = versionOf(current);
  if (currentVersion !== input.expectedVersion) throw new ConfigConflictError(currentVersion);
  // A stored document that no longer validates is compared with the defaults: the save that repairs it
  // must not be blocked by it.
  const stored = current ? parseConfig(current.overrides ?? {}) : undefined;
  const before = stored?.ok ? stored.config : DEFAULT_CONFIG;
  const changes = diffConfigs(before, proposed.config);
  const changedAt = new Date(input.now ?? Date.now()).toISOString();
  // Saving the same settings again would only add noise to the history; a broken document is replaced.
  if (changes.length === 0 && stored?.ok !== false) {
    return { saved: false, version: currentVersion, before, config: before, changes, changedAt };
  }

  const version = input.expectedVersion + 1;
  const versionItem = {
    ...configVersionKey(version),
    version,
    overrides: input.overrides,
    changedBy,
    changedAt,
    reason,
    changes,
    ...(input.rolledBackTo === undefined ? {} : { rolledBackTo: input.rolledBackTo }),
  };
  await claimVersion(doc, table, versionItem, input.now ?? Date.now());
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...CURRENT_CONFIG_KEY, version, overrides: input.overrides, changedBy, changedAt, reason },
        ...(input.expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': input.expectedVersion },
            }),
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConfigConflictError(versionOf(await readCurrentItem(doc, table)));
  }
  return { saved: true, version, before, config: proposed.config, changes, changedAt };
}

/** Creates the version item, or takes over one abandoned by a save that stopped half-way. */
async function claimVersion(
  doc: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown> & { version: number },
  now: number,
): Promise<void> {
  try {
    await doc.send(
      new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const expected = item.version - 1;
  const [existing, current] = await Promise.all([
    doc.send(new GetCommand({ TableName: table, Key: configVersionKey(item.version), ConsistentRead: true })),
    readCurrentItem(doc, table),
  ]);
  const currentVersion = versionOf(current);
  const seenAt = existing.Item?.changedAt;
  const abandoned =
    currentVersion === expected && typeof seenAt === 'string' && now - Date.parse(seenAt) > ABANDONED_SAVE_MS;
  // Not abandoned: another save owns this version and is about to make it current (or already has).
  if (!abandoned) throw new ConfigConflictError(Math.max(currentVersion, item.version));
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'changedAt = :seen',
        ExpressionAttributeValues: { ':seen': seenAt },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConfigConflictError(item.version);
  }
}

/** One saved version, or undefined when there is none by that number. */
export async function getConfigVersion(
  doc: DynamoDBDocumentClient,
  table: string,
  version: number,
): Promise<ConfigVersion | undefined> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: configVersionKey(version), ConsistentRead: true }),
  );
  return Item ? versionFromItem(Item) : undefined;
}

/**
 * Every saved version, newest first: who, when, why and what changed. A version item above the current
 * version (a save in flight or one that stopped half-way) never took effect and is left out.
 */
export async function configHistory(doc: DynamoDBDocumentClient, table: string): Promise<ConfigVersion[]> {
  const currentVersion = versionOf(await readCurrentItem(doc, table));
  const versions: ConfigVersion[] = [];
  for await (const item of queryItems(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :config AND begins_with(sk, :v)',
    ExpressionAttributeValues: { ':config': 'config', ':v': 'v' },
    ScanIndexForward: false,
    ConsistentRead: true,
  })) {
    const version = versionFromItem(item);
    if (version.version <= currentVersion) versions.push(version);
  }
  return versions;
}

export interface RollbackInput {
  /** The version whose settings come back; the one before the current one by default. 0 = the defaults. */
  toVersion?: number;
  changedBy: string;
  reason: string;
  /** The version the admin was looking at when choosing the rollback; refused when the config moved on. */
  expectedVersion?: number;
  now?: number;
}

/**
 * Brings back the settings of an earlier version as a NEW version (the history is never rewritten, so a
 * rollback can itself be rolled back). The old settings are validated again like any save.
 */
export async function rollbackConfig(
  doc: DynamoDBDocumentClient,
  table: string,
  input: RollbackInput,
): Promise<SavedConfig & { toVersion: number }> {
  const currentVersion = versionOf(await readCurrentItem(doc, table));
  if (input.expectedVersion !== undefined && input.expectedVersion !== currentVersion) {
    throw new ConfigConflictError(currentVersion);
  }
  if (currentVersion === 0) {
    throw new ConfigChangeError(worded((text) => text.settings.nothingToRollBack));
  }
  const toVersion = input.toVersion ?? currentVersion - 1;
  if (!Number.isInteger(toVersion) || toVersion < 0 || toVersion >= currentVersion) {
    throw new ConfigChangeError(
      worded((text) => text.settings.rollbackRange(currentVersion - 1, currentVersion)),
    );
  }
  let overrides: ConfigDocument = {};
  if (toVersion > 0) {
    const target = await getConfigVersion(doc, table, toVersion);
    if (!target) {
      throw new ConfigChangeError(worded((text) => text.settings.versionNotInHistory(toVersion)));
    }
    overrides = target.overrides;
  }
  const reason = input.reason.trim();
  const saved = await saveConfig(doc, table, {
    overrides,
    changedBy: input.changedBy,
    reason: reason === '' ? '' : `rollback to v${toVersion}: ${reason}`,
    expectedVersion: currentVersion,
    rolledBackTo: toVersion,
    ...(input.now === undefined ? {} : { now: input.now }),
  });
  return { ...saved, toVersion };
}

/**
 * The settings use case's `ConfigStore`: versions in the config table, each save conditional on the version
 * read. (Typed by its shape: the use case's interface names this module's input types.)
 */
export function dynamoConfigStore(
  doc: DynamoDBDocumentClient,
  table: string,
): {
  save(input: SaveConfigInput): Promise<SavedConfig>;
  rollback(input: RollbackInput): Promise<SavedConfig & { toVersion: number }>;
} {
  return {
    save: (input) => saveConfig(doc, table, input),
    rollback: (input) => rollbackConfig(doc, table, input),
  };
}
