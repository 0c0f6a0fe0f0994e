import type * as z from 'zod';
import type { Locale } from '../../core/locale.ts';
import { toFieldIssues } from '../../core/validation.ts';
import { describeFieldProblem } from '../../text/problems.ts';
import type { RejectedRecord } from './ingest-result.ts';

/** Validates a batch: each record becomes a value or a rejection naming its index and fields. */
export function validateRecords<T>(
  records: readonly unknown[],
  schema: z.ZodType<T>,
  locale: Locale,
): { valid: { index: number; value: T }[]; rejected: RejectedRecord[] } {
  const valid: { index: number; value: T }[] = [];
  const rejected: RejectedRecord[] = [];
  records.forEach((record, index) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) valid.push({ index, value: parsed.data });
    else {
      const errors = toFieldIssues(parsed.error, record).map((issue) => ({
        path: issue.field,
        message: describeFieldProblem(issue.problem, locale),
      }));
      rejected.push({ index, errors });
    }
  });
  return { valid, rejected };
}
