import type { AlertRecord } from '../../core/alerts.ts';
import { type Day, formatDay } from '../../core/days.ts';
import { type NotifierDeps, notifyDay, type NotifySummary, retryOwed } from '../notify/notify-day.ts';
import type { DrainResult } from '../notify/outbox-worker.ts';
import { type CycleDeps, readReps } from './cycle-deps.ts';
import type { CycleStores } from './cycle-stores.ts';
import { factsAsEvaluated } from './day-facts.ts';
import { type EvaluationRun, runEvaluation } from './run-evaluation.ts';

export interface DailyRun {
  evaluation: EvaluationRun;
  notify: NotifySummary;
  /** Reps whose record could not be read (they get no digest until it is fixed). */
  unreadableReps: string[];
}

/**
 * The morning: evaluate every customer as of the day, move the alert states on, then send each rep their
 * digest and each manager their escalations through the outbox. Safe to run again for the same day.
 */
export async function runDaily(
  deps: CycleDeps,
  asOf: Day,
  options: { allowEarlierDay?: boolean } = {},
): Promise<DailyRun> {
  const { config, version } = await deps.stores.settings.current();
  const evaluation = await runEvaluation(
    {
      stores: deps.stores,
      config,
      configVersion: version,
      totalSegments: deps.totalSegments,
      ...(options.allowEarlierDay ? { allowEarlierDay: true } : {}),
    },
    asOf,
  );
  const notify = await notifyDailyDigests(deps, asOf, evaluation);
  return { evaluation, notify: notify.summary, unreadableReps: notify.unreadableReps };
}

/** The notifier half on its own: what the notifier Lambda runs after the evaluator. */
export async function notifyDailyDigests(
  deps: CycleDeps,
  asOf: Day,
  evaluation?: Pick<EvaluationRun, 'alerts'>,
): Promise<{ summary: NotifySummary; unreadableReps: string[] }> {
  const { notifier, unreadableReps } = await notifierDeps(deps);
  const alerts = evaluation?.alerts.values() ?? (await readAllAlerts(deps.stores));
  const summary = await notifyDay(notifier, formatDay(asOf), alerts);
  return { summary, unreadableReps };
}

/** Sends what earlier runs still owe (the retry schedule, every few minutes on AWS). */
export async function retryDeliveries(deps: CycleDeps, asOf: Day): Promise<DrainResult> {
  const { notifier } = await notifierDeps(deps);
  return retryOwed(notifier, formatDay(asOf));
}

/** What the notifier works with: the senders and the outbox, the current config and the reps table. */
export async function notifierDeps(
  deps: CycleDeps,
): Promise<{ notifier: NotifierDeps; unreadableReps: string[] }> {
  const [{ config, version }, { reps, unreadable }] = await Promise.all([
    deps.stores.settings.current(),
    readReps(deps.stores.reps, deps.webhookVault),
  ]);
  const { store, health, email, wecom, now } = deps;
  const factsOfDay = factsAsEvaluated(deps.stores, { config, version });
  return {
    notifier: {
      store,
      health,
      email,
      wecom,
      now,
      reps,
      config,
      configVersion: version,
      factsOfDay,
      actionLinks: deps.actionLinks,
    },
    unreadableReps: unreadable,
  };
}

/**
 * Every alert record that can be read. One that cannot is reported by the evaluator, which starts such a
 * customer afresh; nothing to tell from it here.
 */
export async function readAllAlerts(stores: Pick<CycleStores, 'alerts'>): Promise<AlertRecord[]> {
  return (await stores.alerts.readAll(1)).records;
}
