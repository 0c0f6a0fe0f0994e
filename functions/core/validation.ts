import type * as z from 'zod';
import type { Minor } from './money.ts';

/**
 * One thing wrong with one field of one record, as a code and the values that explain it: the text layer
 * (functions/text/problems.ts) words it in the admin's language. `field` is the dotted path inside the record
 * (`amount`, `lines.2.sku`, `rules.inactive.days`); callers that know the source column name (CSV header) or
 * line number add them when they report.
 */
export interface FieldIssue {
  field: string;
  problem: FieldProblem;
}

/** Reasons our own parsers give; zod carries them in `params.reason` of a custom issue. */
export type ValueProblem =
  | 'required'
  | 'date-format'
  | 'date-calendar'
  | 'date-range'
  | 'money-format'
  | 'money-precision'
  | 'money-range'
  | 'order-total'
  | 'quantity-sign'
  | 'number'
  | 'id-number'
  | 'status'
  | 'role'
  | 'channel'
  | 'locale'
  | 'email'
  | 'url'
  | 'time-zone'
  | 'time-of-day'
  | 'too-long';

/**
 * Why a field was refused. Our parsers' reasons ({@link ValueProblem}), zod's own checks (bounds, types, allowed
 * values), and the rules that relate fields to one another, which a schema raises in `superRefine` with
 * `params: { problem }`.
 */
export type FieldProblem =
  | { code: ValueProblem }
  | { code: 'unknown-setting' }
  | { code: 'type'; expected: string }
  | { code: 'empty' }
  | { code: 'min-entries' | 'max-entries'; bound: string }
  | { code: 'min' | 'max'; bound: string; inclusive: boolean }
  | { code: 'one-of'; options: string[]; given: string | null }
  | { code: 'format'; format: string }
  | { code: 'multiple-of'; divisor: string }
  /** An issue we have no words for: zod's own (English) message. */
  | { code: 'unexplained'; message: string }
  // Settings that must agree with one another (config.ts).
  | { code: 'overdue-not-before-churned'; tier: string | null; churnedCycles: number }
  | { code: 'above-max-cycle'; maxDays: number }
  | { code: 'preferred-not-enabled'; enabled: string[] }
  | { code: 'churn-period-beyond-history'; retentionDays: number }
  | { code: 'trailing-beyond-history'; retentionDays: number }
  | { code: 'repeated-action' }
  | { code: 'repeated-reason' }
  // Records (records.ts, ingest/order-record.ts).
  | { code: 'unknown-action' }
  | { code: 'answer-before-warning' }
  | { code: 'amount-or-lines' }
  | { code: 'amount-not-sum'; sum: Minor };

/** The params of a custom zod issue: one of our parsers' reasons, or a problem with its values. */
export interface CustomIssueParams {
  reason?: ValueProblem;
  problem?: FieldProblem;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Turns zod's issues into field issues: which field, and why, as codes and values. */
export function toFieldIssues(error: z.ZodError, input?: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ field: base ? `${base}.${key}` : key, problem: { code: 'unknown-setting' } });
      }
      continue;
    }
    issues.push({ field: base, problem: problemOf(issue, valueAt(input, issue.path)) });
  }
  return issues;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function problemOf(issue: z.core.$ZodIssue, value: unknown): FieldProblem {
  switch (issue.code) {
    case 'custom': {
      const params = issue.params as CustomIssueParams | undefined;
      if (params?.reason) return { code: params.reason };
      return params?.problem ?? { code: 'unexplained', message: issue.message };
    }
    case 'invalid_type':
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        return { code: 'required' };
      }
      return { code: 'type', expected: issue.expected };
    case 'too_small': {
      const bound = String(issue.minimum);
      if (issue.origin === 'string') return { code: 'empty' };
      if (issue.origin === 'array') return { code: 'min-entries', bound };
      return { code: 'min', bound, inclusive: issue.inclusive === true };
    }
    case 'too_big': {
      const bound = String(issue.maximum);
      if (issue.origin === 'string') return { code: 'too-long' };
      if (issue.origin === 'array') return { code: 'max-entries', bound };
      return { code: 'max', bound, inclusive: issue.inclusive === true };
    }
    case 'invalid_value': {
      // Name what was given: in a list (`escalation.tiers.1`) the position alone does not say which entry.
      const given = typeof value === 'string' || typeof value === 'number' ? String(value) : null;
      return { code: 'one-of', options: issue.values.map(String), given };
    }
    case 'invalid_format':
      return { code: 'format', format: issue.format };
    case 'not_multiple_of':
      return { code: 'multiple-of', divisor: String(issue.divisor) };
    default:
      return { code: 'unexplained', message: issue.message };
  }
}
