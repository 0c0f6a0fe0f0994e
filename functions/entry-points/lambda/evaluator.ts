import * as z from 'zod';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { dynamoCycleStores } from '../../adapters/dynamodb/cycle-stores.ts';
import { tableNames } from '../../adapters/dynamodb/tables.ts';
import {
  combineRanks,
  DEFAULT_SIZING,
  evaluateSegment,
  finishRun,
  prepareRun,
  rankSegment,
  type RunCutoffs,
  type SegmentSizing,
  SIZING_ENV,
} from '../../use-cases/cycle/fan-out.ts';
import type { PAliveModel } from '../../core/p-alive-model.ts';
import { dayOfEvent, InvalidEventError, parseCycleEvent } from './cycle-event.ts';
import { integerEnv, requiredEnv } from './handler-env.ts';
import { telemetry } from './telemetry.ts';
import { METRICS } from '../../contracts/telemetry.ts';

// Checked once at cold start: a misconfigured function fails its first call loudly, naming the variable.
const tables = tableNames(requiredEnv('CHURN_WATCH_TABLE_PREFIX'));
const sizing: SegmentSizing = {
  itemsPerSegment: integerEnv(SIZING_ENV.itemsPerSegment, DEFAULT_SIZING.itemsPerSegment, {
    min: 100,
    max: 1_000_000,
  }),
  minSegments: integerEnv(SIZING_ENV.minSegments, DEFAULT_SIZING.minSegments, { min: 1, max: 1000 }),
  maxSegments: integerEnv(SIZING_ENV.maxSegments, DEFAULT_SIZING.maxSegments, { min: 1, max: 1000 }),
};
const stores = dynamoCycleStores(createDocumentClient(), tables);
const deps = { stores };
const { logger, count: publishCounts } = telemetry('evaluator');

const runRef = z.object({
  runId: z.string(),
  asOf: z.string(),
  configVersion: z.number().int().min(0),
});
const segmentRef = runRef.extend({
  segment: z.number().int().min(0),
  totalSegments: z.number().int().min(1),
});
const tierKey = z.object({ customerId: z.string(), trailingSales: z.number() }).nullable();
const bgnbdParams = z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() });
/** What combineRanks returns; checked for shape, the model's fields pass as they came. */
const pAliveModel = z.union([
  z.looseObject({ status: z.literal('ok'), params: bgnbdParams }),
  z.looseObject({ status: z.literal('skipped'), reason: z.string() }),
]);
const runCutoffs = z.object({
  cutoffs: z.object({ vip: tierKey, important: tierKey, general: tierKey }),
  visitsTracked: z.boolean(),
  pAliveModel: pAliveModel.nullable().default(null),
  learnedRisk: z
    .looseObject({ status: z.string(), modelAsOf: z.string().optional() })
    .nullable()
    .default(null),
});

/** The cut-offs as combineRanks returned them: the zod shapes above checked, the models' fields passed on. */
const asRunCutoffs = (cutoffs: z.infer<typeof runCutoffs>): RunCutoffs => ({
  ...cutoffs,
  pAliveModel: cutoffs.pAliveModel as PAliveModel | null,
  learnedRisk: cutoffs.learnedRisk as RunCutoffs['learnedRisk'],
});
const rankResult = z.object({
  segment: z.number().int(),
  customers: z.number().int(),
  visitsTracked: z.boolean(),
});
const count = z.number().int().min(0);
const segmentResult = z.object({
  segment: z.number().int(),
  customers: count,
  atRisk: count,
  lost: count,
  newAlerts: count,
  reminders: count,
  escalated: count,
  recovered: count,
  managerEscalations: count,
  alertWrites: count,
  laterDayKept: count,
  unreadableProfiles: z.array(z.string()),
  unreadableAlerts: z.array(z.string()),
  unreadableOmitted: count,
});

/**
 * What the state machine (lib/constructs/evaluation-workflow.ts) passes to each step: `prepare` gets the
 * execution's input (the schedule's `{kind, scheduledAt}`, or `{asOf, force}` from an admin re-running a
 * day) and its name; the later steps get what the earlier ones returned.
 */
const stepEvent = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('prepare'),
    runId: z.string(),
    input: z.record(z.string(), z.unknown()).default({}),
  }),
  z.object({ step: z.literal('rank'), task: segmentRef }),
  z.object({
    step: z.literal('cutoffs'),
    state: runRef.extend({ ranks: z.array(rankResult) }),
  }),
  z.object({ step: z.literal('evaluate'), task: z.object({ segment: segmentRef, cutoffs: runCutoffs }) }),
  z.object({
    step: z.literal('finish'),
    state: runRef.extend({
      totalSegments: z.number().int().min(1),
      results: z.array(segmentResult),
      cutoffs: runCutoffs,
    }),
  }),
]);

/**
 * One step of the daily evaluation, fanned out over parallel scan segments (functions/use-cases/cycle/fan-out.ts).
 * Every step can be retried: what it writes is keyed by the run and the segment, and alert states start
 * from the day before.
 */
export async function handler(event: unknown): Promise<unknown> {
  const parsed = stepEvent.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      `invalid step event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`,
    );
  }
  const step = parsed.data;
  switch (step.step) {
    case 'prepare': {
      const { force, ...rest } = step.input;
      const cycleEvent = parseCycleEvent(rest);
      if (cycleEvent.kind !== 'daily')
        throw new InvalidEventError(`the evaluation runs the daily cycle, not "${cycleEvent.kind}"`);
      const asOf = await dayOfEvent(cycleEvent, { stores, now: Date.now });
      const { version } = await stores.settings.current();
      const prepared = await prepareRun(deps, {
        runId: step.runId,
        asOf,
        configVersion: version,
        allowEarlierDay: force === true,
        sizing,
      });
      log('prepared', { runId: prepared.runId, asOf: prepared.asOf, segments: prepared.totalSegments });
      return prepared;
    }
    case 'rank':
      return rankSegment(deps, step.task);
    case 'cutoffs':
      return combineRanks(deps, step.state, step.state.ranks);
    case 'evaluate':
      return evaluateSegment(deps, { ...step.task.segment, ...asRunCutoffs(step.task.cutoffs) });
    case 'finish': {
      const summary = await finishRun(deps, step.state, step.state.results, asRunCutoffs(step.state.cutoffs));
      log('daily evaluation done', { ...summary });
      publishCounts({ [METRICS.evaluated]: summary.customers, [METRICS.atRisk]: summary.atRisk });
      return summary;
    }
  }
}

/** Ids and counts only: customer names and order data stay out of the logs. */
function log(message: string, fields: Record<string, unknown>): void {
  logger.info(message, fields);
}
