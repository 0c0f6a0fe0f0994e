import * as z from 'zod';
import { type ChurnConfig, configSchema, DEFAULT_CONFIG } from './config.ts';
import { LIST_SEPARATORS } from './input-spellings.ts';
import { ProblemError } from './localized-error.ts';
import type { CustomIssueParams } from './validation.ts';

/**
 * Admins name a setting by its dotted path in the JSON that `churn-watch config get --format json` prints
 * (`rules.inactive.days`, `rules.inactive.tiers.vip.days`, `schedule.dailyTime`), so what they read is
 * what they type. These helpers work on that document and on the partial document of overrides that is
 * stored: only the keys an admin changed, merged over the defaults by `parseConfig`.
 */

/** A (partial) config document: what is stored as `overrides`. */
export type ConfigDocument = Record<string, unknown>;

/** One setting that differs between two configs; `null` where the key is not set on that side. */
export interface ConfigChange {
  key: string;
  from: unknown;
  to: unknown;
}

/** A setting's name, or a `KEY=VALUE`, that cannot be read: `text` as the admin typed it. */
export type ConfigKeyProblem = { code: 'bad-key'; key: string } | { code: 'not-an-assignment'; text: string };

export class ConfigKeyError extends ProblemError<ConfigKeyProblem> {
  override readonly name = 'ConfigKeyError';
}

// Keys that would reach Object.prototype instead of the document.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The segments of a dotted key. An empty segment (`rules..days`) is refused rather than guessed at.
 *
 * @example splitKey('rules.inactive.days') // ['rules', 'inactive', 'days']
 */
export function splitKey(key: string): string[] {
  const segments = key.split('.');
  if (segments.some((segment) => segment === '' || FORBIDDEN_SEGMENTS.has(segment) || /\s/.test(segment))) {
    throw new ConfigKeyError({ code: 'bad-key', key });
  }
  return segments;
}

/**
 * The value at a dotted key, or undefined when the document has nothing there.
 *
 * @example getAt(DEFAULT_CONFIG, 'rules.inactive.days') // 30
 */
export function getAt(document: unknown, key: string): unknown {
  let value = document;
  for (const segment of splitKey(key)) {
    if (!isPlainObject(value) || !Object.hasOwn(value, segment)) return undefined;
    value = value[segment];
  }
  return value;
}

/**
 * A new document with `value` at `key`, intermediate objects created as needed; the input is not touched.
 * `null` removes the key (and objects it leaves empty): an override removed is the default again, which is
 * the only way to drop a per-tier override once written.
 *
 * @example setAt({}, 'rules.inactive.days', 21) // { rules: { inactive: { days: 21 } } }
 */
export function setAt(document: ConfigDocument, key: string, value: unknown): ConfigDocument {
  const segments = splitKey(key);
  const root = structuredClone(document);
  const parents: Record<string, unknown>[] = [];
  let node: Record<string, unknown> = root;
  for (const segment of segments.slice(0, -1)) {
    parents.push(node);
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (!isPlainObject(next)) {
      if (value === null) return root;
      node[segment] = {};
    }
    node = node[segment] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1] as string;
  if (value !== null) {
    node[last] = structuredClone(value);
    return root;
  }
  delete node[last];
  for (let i = parents.length - 1; i >= 0 && Object.keys(node).length === 0; i--) {
    const parent = parents[i] as Record<string, unknown>;
    delete parent[segments[i] as string];
    node = parent;
  }
  return root;
}

/**
 * `KEY=VALUE` as typed on the command line. The value is JSON when it parses as JSON (`21`, `1.5`, `true`,
 * `["vip","important"]`, `"quoted text"`, `null`), else the text itself, so `timeZone=Asia/Shanghai` and
 * `schedule.dailyTime=06:30` need no quotes.
 *
 * @example parseAssignment('rules.inactive.days=21') // { key: 'rules.inactive.days', value: 21 }
 */
export function parseAssignment(text: string): { key: string; value: unknown } {
  const at = text.indexOf('=');
  const key = at < 0 ? '' : text.slice(0, at).trim();
  if (at < 0 || key === '') {
    throw new ConfigKeyError({ code: 'not-an-assignment', text });
  }
  splitKey(key);
  const valueText = text.slice(at + 1).trim();
  try {
    return { key, value: JSON.parse(valueText) as unknown };
  } catch {
    // A list setting written as an admin would: escalation.tiers=vip,important (or 、 ， between items).
    if (Array.isArray(getAt(DEFAULT_CONFIG, key))) {
      const items = valueText
        .split(LIST_SEPARATORS)
        .map((item) => item.trim())
        .filter((item) => item !== '');
      return { key, value: items };
    }
    return { key, value: valueText };
  }
}

/** Every leaf (a value that is not an object; lists count as one value) with its dotted key, in order. */
export function configLeaves(document: unknown, prefix = ''): { key: string; value: unknown }[] {
  if (!isPlainObject(document)) return prefix === '' ? [] : [{ key: prefix, value: document }];
  return Object.entries(document).flatMap(([segment, value]) =>
    configLeaves(value, prefix === '' ? segment : `${prefix}.${segment}`),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What changed between two configs, leaf by leaf: one entry per dotted key whose value differs, in the
 * document's order. A per-tier override that appears or disappears is listed key by key, with `null` on
 * the side where it is not set.
 *
 * @example diffConfigs(DEFAULT_CONFIG, changed) // [{ key: 'rules.inactive.days', from: 30, to: 21 }]
 */
export function diffConfigs(before: ChurnConfig, after: ChurnConfig): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const walk = (prefix: string, from: unknown, to: unknown) => {
    const objects = (isPlainObject(from) || from === undefined) && (isPlainObject(to) || to === undefined);
    if (objects && (from !== undefined || to !== undefined)) {
      const a = (from ?? {}) as Record<string, unknown>;
      const b = (to ?? {}) as Record<string, unknown>;
      const keys = [...Object.keys(a), ...Object.keys(b).filter((key) => !Object.hasOwn(a, key))];
      for (const key of keys) {
        walk(prefix === '' ? key : `${prefix}.${key}`, a[key], b[key]);
      }
      return;
    }
    if (!sameValue(from, to)) changes.push({ key: prefix, from: from ?? null, to: to ?? null });
  };
  walk('', before, after);
  return changes;
}

/** The schema of the setting at a dotted key (optional wrappers removed), or undefined for no such key. */
function schemaAt(key: string): z.ZodType | undefined {
  let schema: z.ZodType = configSchema();
  for (const segment of splitKey(key)) {
    while (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (!(schema instanceof z.ZodObject)) return undefined;
    const shape = schema.shape as Record<string, z.ZodType>;
    if (!Object.hasOwn(shape, segment)) return undefined;
    schema = shape[segment] as z.ZodType;
  }
  while (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema;
}

/** An inclusive or exclusive bound of a number setting. */
export interface Bound {
  value: number;
  inclusive: boolean;
}

/** What a setting accepts, as facts; functions/text/settings.ts words them. */
export type AllowedValues =
  | { kind: 'number'; whole: boolean; min: Bound | null; max: Bound | null }
  | { kind: 'boolean' }
  | { kind: 'one-of'; options: string[] }
  | { kind: 'list-of'; options: string[] }
  | { kind: 'time-of-day' }
  | { kind: 'time-zone' }
  | { kind: 'text' };

function numberBounds(schema: z.ZodNumber): AllowedValues {
  let min: Bound | null = null;
  let max: Bound | null = null;
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    if (def.check === 'greater_than') min = { value: def.value, inclusive: def.inclusive !== false };
    if (def.check === 'less_than') max = { value: def.value, inclusive: def.inclusive !== false };
  }
  return { kind: 'number', whole: schema.isInt, min, max };
}

function customReason(schema: z.ZodType): CustomIssueParams['reason'] {
  for (const check of schema._zod.def.checks ?? []) {
    const params = (check._zod.def as { params?: CustomIssueParams }).params;
    if (params?.reason) return params.reason;
  }
  return undefined;
}

/**
 * What a setting accepts, so a refusal can say what would have been accepted (functions/text/settings.ts words
 * it). Undefined for a key that does not exist or when there is nothing useful to say (a whole section).
 *
 * @example allowedValues('rules.inactive.days') // { kind: 'number', whole: true, min: { value: 1, … }, … }
 */
export function allowedValues(key: string): AllowedValues | undefined {
  const schema = schemaAt(key);
  if (schema instanceof z.ZodNumber) return numberBounds(schema);
  if (schema instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (schema instanceof z.ZodEnum) return { kind: 'one-of', options: schema.options.map(String) };
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodEnum) {
    return { kind: 'list-of', options: schema.element.options.map(String) };
  }
  if (schema instanceof z.ZodString) {
    const reason = customReason(schema);
    if (reason === 'time-of-day') return { kind: 'time-of-day' };
    if (reason === 'time-zone') return { kind: 'time-zone' };
    return { kind: 'text' };
  }
  return undefined;
}

/**
 * The settings that exist next to a key (its siblings in the document), for a key that was mistyped:
 * `rules.inactve` → inactive, churned, …. Undefined when the key's parent is not a section either.
 *
 * @example settingsBeside('rules.inactive.dayz') // ['enabled', 'days', 'tiers']
 */
export function settingsBeside(key: string): string[] | undefined {
  const parentKey = splitKey(key).slice(0, -1).join('.');
  const parent = parentKey === '' ? configSchema() : schemaAt(parentKey);
  return parent instanceof z.ZodObject ? Object.keys(parent.shape as Record<string, unknown>) : undefined;
}
