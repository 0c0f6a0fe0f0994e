import * as z from 'zod';
import { type ChurnConfig, configSchema, DEFAULT_CONFIG } from './config.ts';
import type { Locale } from './locale.ts';
import { LocalizedError } from './localized-error.ts';
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

export class ConfigKeyError extends LocalizedError {
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
    throw new ConfigKeyError({
      'zh-CN': `「${key}」不是有效的设置项名称（应为用点分隔的路径，例如 rules.inactive.days）`,
      en: `"${key}" is not a setting name (use a dotted path such as rules.inactive.days)`,
    });
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
    throw new ConfigKeyError({
      'zh-CN': `「${text}」应写成 设置项=值，例如 rules.inactive.days=21`,
      en: `"${text}" should be KEY=VALUE, e.g. rules.inactive.days=21`,
    });
  }
  splitKey(key);
  const valueText = text.slice(at + 1).trim();
  try {
    return { key, value: JSON.parse(valueText) as unknown };
  } catch {
    // A list setting written as an admin would: escalation.tiers=vip,important (or 、 ， between items).
    if (Array.isArray(getAt(DEFAULT_CONFIG, key))) {
      const items = valueText
        .split(/[,，、]/)
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

/** A value as an admin would type it back: text as is, everything else as JSON. */
export function formatConfigValue(value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return locale === 'zh-CN' ? '（未设置）' : '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `rules.inactive.days: 30 → 21` */
export function describeChange(change: ConfigChange, locale: Locale): string {
  return `${change.key}: ${formatConfigValue(change.from, locale)} → ${formatConfigValue(change.to, locale)}`;
}

/** The schema of the setting at a dotted key (optional wrappers removed), or undefined for no such key. */
function schemaAt(key: string): z.ZodType | undefined {
  let schema: z.ZodType = configSchema;
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

function describeNumber(schema: z.ZodNumber, locale: Locale): string {
  let min: { value: number; inclusive: boolean } | undefined;
  let max: { value: number; inclusive: boolean } | undefined;
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    if (def.check === 'greater_than') min = { value: def.value, inclusive: def.inclusive !== false };
    if (def.check === 'less_than') max = { value: def.value, inclusive: def.inclusive !== false };
  }
  const whole = schema.isInt;
  const zh = locale === 'zh-CN';
  const kind = zh ? (whole ? '整数' : '数（可带小数）') : whole ? 'a whole number' : 'a number';
  if (min?.inclusive && max?.inclusive) {
    return zh ? `${min.value}–${max.value} 的${kind}` : `${kind} from ${min.value} to ${max.value}`;
  }
  const bounds: string[] = [];
  if (min) {
    bounds.push(
      zh
        ? `${min.inclusive ? '不小于' : '大于'} ${min.value}`
        : `${min.inclusive ? 'at least' : 'greater than'} ${min.value}`,
    );
  }
  if (max) {
    bounds.push(
      zh
        ? `${max.inclusive ? '不大于' : '小于'} ${max.value}`
        : `${max.inclusive ? 'at most' : 'less than'} ${max.value}`,
    );
  }
  if (bounds.length === 0) return kind;
  return zh ? `${bounds.join('、')}的${kind}` : `${kind} ${bounds.join(' and ')}`;
}

function customReason(schema: z.ZodType): CustomIssueParams['reason'] {
  for (const check of schema._zod.def.checks ?? []) {
    const params = (check._zod.def as { params?: CustomIssueParams }).params;
    if (params?.reason) return params.reason;
  }
  return undefined;
}

/**
 * What a setting accepts, in the admin's language ("1–3650 的整数", "one of MON, TUE, …"), so a refusal
 * can say what would have been accepted. Undefined for a key that does not exist or when there is nothing
 * useful to say (a whole section).
 *
 * @example describeAllowed('rules.inactive.days', 'en') // 'a whole number from 1 to 3650'
 */
export function describeAllowed(key: string, locale: Locale): string | undefined {
  const zh = locale === 'zh-CN';
  const schema = schemaAt(key);
  if (schema instanceof z.ZodNumber) return describeNumber(schema, locale);
  if (schema instanceof z.ZodBoolean) return zh ? 'true 或 false' : 'true or false';
  if (schema instanceof z.ZodEnum) {
    const options = schema.options.map(String);
    return zh ? `只能是 ${options.join('、')}` : `one of ${options.join(', ')}`;
  }
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodEnum) {
    const options = schema.element.options.map(String);
    const example = JSON.stringify(options.slice(0, 2));
    return zh
      ? `由 ${options.join('、')} 组成的列表，例如 ${example}`
      : `a list of ${options.join(', ')}, e.g. ${example}`;
  }
  if (schema instanceof z.ZodString) {
    const reason = customReason(schema);
    if (reason === 'time-of-day') return zh ? '00:00–23:59' : '00:00 to 23:59';
    if (reason === 'time-zone')
      return zh ? 'IANA 时区名，例如 Asia/Shanghai' : 'an IANA time zone, e.g. Asia/Shanghai';
    return zh ? '文本' : 'text';
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
  const parent = parentKey === '' ? configSchema : schemaAt(parentKey);
  return parent instanceof z.ZodObject ? Object.keys(parent.shape as Record<string, unknown>) : undefined;
}
