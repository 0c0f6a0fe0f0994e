import { effectReport, effectSettingsOf, visitsByDay } from '../../core/effect.ts';
import type { ChurnConfig } from '../../core/config.ts';
import { type Day, dayOfInstant, formatDay, parseIsoDay } from '../../core/days.ts';
import type { CustomerProfile } from '../../core/profile.ts';
import { buildWeeklySummary, trendDays, weeklyEvaluations } from '../notify/build-weekly-summary.ts';
import { channelBrokenNotifier } from '../notify/notify-day.ts';
import { answersFrom } from '../notify/weekly-follow-up.ts';
import { bothForms, type DrainResult, drainOutbox, newDelivery } from '../notify/outbox-worker.ts';
import { type RefitOutcome, refitRiskModel, weeklyRescorer } from './learned-scoring.ts';
import type { DeliveryRecord } from '../notify/outbox.ts';
import { renderWeeklyEmail } from '../../render/render-weekly-email.ts';
import { renderWeeklyWecom } from '../../render/render-weekly-wecom.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { notifierDeps, readAllAlerts } from './run-daily.ts';

export interface WeeklyRun extends DrainResult {
  day: string;
  /** The weekly refit of the learned risk; absent when `riskModel` is off. */
  riskModel?: RefitOutcome;
}

/**
 * The managers' weekly summaries as of a day (the week ending on it). Reads the whole store once: the
 * summaries compare this week with the last and this churn period with the one before, which the
 * profiles' history answers without keeping daily snapshots.
 */
/**
 * The weekly summary's follow-up effect line covers the warnings of this many days: long enough for the
 * 30-day recovery windows of most of them to close and for the counts to mean something, short enough to say
 * how following up works now.
 */
export const EFFECT_DAYS = 120;

export async function runWeekly(deps: CycleDeps, asOf: Day): Promise<WeeklyRun> {
  const { stores } = deps;
  const day = formatDay(asOf);
  const [{ notifier }, { profiles }, customers, alerts, history, firstDay] = await Promise.all([
    notifierDeps(deps),
    stores.profiles.readAll(deps.totalSegments),
    stores.customers.readAll(),
    readAllAlerts(stores),
    stores.settings.history(),
    stores.runs.firstDay(),
  ]);
  const { config, configVersion: version, reps } = notifier;
  // The follow-up part, when follow-up is on: it looks back to the oldest warning still open (it may be
  // unanswered), so answers and visits are read from its first day; otherwise the week's visits only.
  const followUpFrom = config.followUp.enabled
    ? answersFrom(
        asOf,
        alerts.flatMap((record) => (record.state?.open ? [record.state.firstSeenDate] : [])),
      )
    : null;
  // Does following up work: the warnings of the last EFFECT_DAYS days, with the answers and visits since.
  const effectFrom = formatDay(asOf - EFFECT_DAYS + 1);
  const readFrom = followUpFrom === null ? null : effectFrom < followUpFrom ? effectFrom : followUpFrom;
  const [visits, answers, warnings] = await Promise.all([
    stores.visits.since(readFrom === null ? ((asOf - 6) as Day) : (parseIsoDay(readFrom) as Day)),
    readFrom === null ? Promise.resolve(undefined) : stores.answers.since(readFrom),
    readFrom === null ? Promise.resolve([]) : stores.warningLog.read(effectFrom, day),
  ]);
  // Shown when reps could answer: this process signs links as the daily run does, or answers are stored (a
  // weekly run from a shell without the link settings still shows what the reps answered). Without either,
  // every warning would read as "not followed up" although nobody had a way to answer.
  const followUpAnswers = answers && (deps.actionLinks || answers.length > 0) ? answers : undefined;
  // The latest change of the settings, dated in the distributor's zone: recovery is compared around it.
  const latest = history[0];
  const lastConfigChange = latest
    ? { version: latest.version, changedOn: dayOfInstant(Date.parse(latest.changedAt), config.timeZone) }
    : undefined;
  // The summary counts what this morning's run scored with; the model fitted now scores from tomorrow on.
  const rescore = await weeklyRescorer(
    stores.models,
    config,
    profiles,
    new Map(alerts.map((record) => [record.customerId, record])),
    [asOf, ...trendDays(asOf)],
  );
  const evaluations = weeklyEvaluations({ profiles, customers, asOf, config, rescore, alerts });
  // The trend starts at the first evaluated week; the alert states say who was at risk at each week's end.
  const firstEvaluated = firstDay === null ? undefined : (parseIsoDay(firstDay) as Day);
  const riskModel = config.riskModel.enabled
    ? await refitSafely(deps, config, version, profiles, asOf)
    : undefined;
  const allReps = [...reps.values()];
  const queue: DeliveryRecord[] = [];
  const managers = allReps
    .filter((rep) => rep.role === 'manager')
    .sort((a, b) => (a.repId < b.repId ? -1 : 1));
  for (const manager of managers) {
    const summary = buildWeeklySummary(
      {
        manager,
        reps: allReps,
        profiles,
        customers,
        alerts,
        visits,
        ...(followUpAnswers ? { answers: followUpAnswers } : {}),
        asOf,
        config,
        configVersion: version,
        lastConfigChange,
        firstEvaluatedDay: firstEvaluated,
      },
      evaluations,
    );
    if (summary.reps.length === 0) continue;
    if (summary.followUp && followUpAnswers) {
      const team = new Set(summary.reps.map((rep) => rep.repId));
      summary.followUp.effect = {
        days: EFFECT_DAYS,
        report: effectReport({
          warnings: warnings.filter((warning) => warning.repId !== null && team.has(warning.repId)),
          answers: followUpAnswers,
          visits: visitsByDay(visits),
          from: effectFrom,
          to: day,
          asOf: day,
          settings: effectSettingsOf(config),
        }),
      };
    }
    const record = newDelivery({
      kind: 'weekly',
      recipientId: manager.repId,
      day,
      rep: manager,
      channels: config.channels,
      content: bothForms({
        email: () => renderWeeklyEmail(summary),
        wecom: () => renderWeeklyWecom(summary),
      }),
      now: deps.now(),
    });
    queue.push((await deps.store.create(record)).record);
  }
  const drained = await drainOutbox(queue, {
    ...notifier,
    channels: config.channels,
    onChannelBroken: channelBrokenNotifier(notifier, queue),
  });
  return { day, ...drained, ...(riskModel ? { riskModel } : {}) };
}

/**
 * The weekly refit, which must not cost the managers their summaries: a failure is reported with the run
 * (the daily runs keep the last model, up to five weeks) instead of thrown.
 */
async function refitSafely(
  deps: CycleDeps,
  config: ChurnConfig,
  configVersion: number,
  profiles: readonly CustomerProfile[],
  asOf: Day,
): Promise<RefitOutcome> {
  try {
    const { outcome } = await refitRiskModel(
      {
        models: deps.stores.models,
        answers: deps.stores.answers,
        config,
        configVersion,
        now: deps.now,
      },
      profiles,
      asOf,
    );
    return outcome;
  } catch (error) {
    return {
      status: 'failed',
      horizonDays: config.riskModel.horizonDays,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
