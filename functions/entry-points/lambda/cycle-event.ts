import * as z from 'zod';
import { type Day, dayOfInstant, parseIsoDay } from '../../core/days.ts';
import type { CycleStores } from '../../use-cases/cycle/cycle-stores.ts';

/**
 * What the schedules (and the evaluator, for the notifier) send: which run, and optionally the day, for a
 * re-run of a past day by hand (`aws lambda invoke --payload '{"kind":"daily","asOf":"2026-11-20"}'`).
 */
export const cycleEventSchema = z.object({
  kind: z.enum(['daily', 'weekly', 'retry']).default('daily'),
  /**
   * When the schedule fired (`<aws.scheduler.scheduled-time>`): a retry of the invocation after midnight
   * still works on the day it was meant for.
   */
  scheduledAt: z
    .string()
    .refine((text) => Number.isFinite(Date.parse(text)), 'scheduledAt must be an ISO date-time')
    .optional(),
  asOf: z
    .string()
    .refine((text) => parseIsoDay(text) !== null, 'asOf must be YYYY-MM-DD')
    .optional(),
});

export type CycleEvent = z.infer<typeof cycleEventSchema>;

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export function parseCycleEvent(event: unknown): CycleEvent {
  const parsed = cycleEventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new InvalidEventError(
      `invalid event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The day a run is about: the event's, else the day the schedule fired, else today, in the configured zone. */
export async function dayOfEvent(
  event: CycleEvent,
  deps: { stores: Pick<CycleStores, 'settings'>; now: () => number },
): Promise<Day> {
  if (event.asOf) return parseIsoDay(event.asOf) as Day;
  const { config } = await deps.stores.settings.current();
  const instant = event.scheduledAt ? Date.parse(event.scheduledAt) : deps.now();
  return dayOfInstant(instant, config.timeZone);
}
