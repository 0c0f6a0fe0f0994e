import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  SchedulerClient,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { LocalizedError } from '../../core/localized-error.ts';
import { type CycleTimes, scheduleExpressions } from '../../core/schedule-expressions.ts';
import { worded } from '../../text/errors.ts';

/** `churn-watch-prod-` → `churn-watch-prod-daily` and `churn-watch-prod-weekly`, as the stack names them. */
export const SCHEDULE_PREFIX_ENV = 'CHURN_WATCH_SCHEDULE_PREFIX';

export type ScheduleKind = 'daily' | 'weekly';

export interface ScheduleNames {
  daily: string;
  weekly: string;
}

/** When a schedule fires: its expression and the zone it is read in. */
export interface ScheduleTiming {
  expression: string;
  timeZone: string;
}

export interface ScheduleChange {
  kind: ScheduleKind;
  name: string;
  from: ScheduleTiming;
  to: ScheduleTiming;
}

export interface SyncSchedulesOptions {
  client: SchedulerClient;
  names: ScheduleNames;
  /** The schedules' group; Scheduler's `default` group when omitted, which is where the stack puts them. */
  groupName?: string | undefined;
  schedule: CycleTimes;
  timeZone: string;
  /** Injected by tests: a start date before it is left out of the update (see {@link syncSchedules}). */
  now?: () => number;
}

/** Scheduler refused or failed a call; `error.cause` holds the SDK error. */
export class ScheduleSyncError extends LocalizedError {
  override readonly name: string = 'ScheduleSyncError';
}

export class ScheduleNotFoundError extends ScheduleSyncError {
  override readonly name = 'ScheduleNotFoundError';

  constructor(
    readonly scheduleName: string,
    options?: { cause?: unknown },
  ) {
    super(
      worded((text) => text.services.scheduleMissing(scheduleName, SCHEDULE_PREFIX_ENV)),
      options,
    );
  }
}

/**
 * The stage's schedule names from `CHURN_WATCH_SCHEDULE_PREFIX` (e.g. `churn-watch-prod-`), or `null` when
 * it is unset: locally there is nothing to sync, the local scheduler re-reads the config by itself.
 */
export function scheduleNamesFromEnv(env: NodeJS.ProcessEnv = process.env): ScheduleNames | null {
  const prefix = env[SCHEDULE_PREFIX_ENV]?.trim();
  if (!prefix) return null;
  const names = { daily: `${prefix}daily`, weekly: `${prefix}weekly` };
  // Scheduler's own rule for names; checked here so a typo is named at once, not as a 404 from AWS.
  if (!/^[0-9a-zA-Z_.-]+$/.test(prefix) || names.weekly.length > 64) {
    throw new LocalizedError(
      worded((text) => text.services.schedulePrefixInvalid(SCHEDULE_PREFIX_ENV, JSON.stringify(prefix))),
    );
  }
  return names;
}

/** Everything UpdateSchedule takes but the timing and the request token: each must be carried over. */
type CarriedField = Exclude<
  keyof UpdateScheduleCommandInput,
  'ScheduleExpression' | 'ScheduleExpressionTimezone' | 'ClientToken'
>;
/**
 * Every key required (not homomorphic), so a field a newer SDK adds fails the build here, instead of being
 * silently reset to its default by every sync.
 */
type CarriedDefinition = { [K in CarriedField]: UpdateScheduleCommandInput[K] };

/** Scheduler's default when a schedule has no zone of its own. */
const SCHEDULER_DEFAULT_ZONE = 'UTC';

/**
 * Points the stage's daily and weekly schedules at the config's times and zone. The stack created them; this
 * changes only their expression and zone, nothing else (targets, retries, dead-letter queue, state), and
 * leaves every other schedule (the 15-minute retry) alone.
 *
 * UpdateSchedule replaces the whole definition and resets whatever it is not given, so each schedule is read
 * first and its definition sent back whole. Both are read before either is updated, so a missing one
 * changes nothing. A schedule already at the wanted timing is not updated. Running it again is safe: after a
 * partial failure it finishes what is left.
 *
 * @returns what was changed, daily before weekly; empty when both already matched.
 * @throws {ScheduleNotFoundError} a schedule does not exist (not deployed, wrong prefix or region).
 * @throws {ScheduleSyncError} Scheduler refused a call (permissions, throttling); names what had changed.
 * @throws {InvalidCycleTimesError} the times or zone cannot be expressed; nothing was called.
 */
export async function syncSchedules(options: SyncSchedulesOptions): Promise<ScheduleChange[]> {
  const wanted = scheduleExpressions(options.schedule, options.timeZone);
  const now = options.now ?? Date.now;
  const kinds: ScheduleKind[] = ['daily', 'weekly'];

  const current: { kind: ScheduleKind; schedule: GetScheduleCommandOutput }[] = [];
  for (const kind of kinds) {
    current.push({
      kind,
      schedule: await getSchedule(options.client, options.names[kind], options.groupName),
    });
  }

  const changes: ScheduleChange[] = [];
  for (const { kind, schedule } of current) {
    const name = options.names[kind];
    const from: ScheduleTiming = {
      expression: schedule.ScheduleExpression ?? '',
      timeZone: schedule.ScheduleExpressionTimezone ?? SCHEDULER_DEFAULT_ZONE,
    };
    const to: ScheduleTiming = { expression: wanted[kind], timeZone: wanted.timeZone };
    if (from.expression === to.expression && from.timeZone === to.timeZone) continue;
    const input: UpdateScheduleCommandInput = {
      ...carriedDefinition(schedule, name, options.groupName, now()),
      ScheduleExpression: to.expression,
      ScheduleExpressionTimezone: to.timeZone,
    };
    try {
      await options.client.send(new UpdateScheduleCommand(input));
    } catch (error) {
      throw updateFailed(name, error, changes);
    }
    changes.push({ kind, name, from, to });
  }
  return changes;
}

async function getSchedule(
  client: SchedulerClient,
  name: string,
  groupName: string | undefined,
): Promise<GetScheduleCommandOutput> {
  try {
    return await client.send(new GetScheduleCommand({ Name: name, GroupName: groupName }));
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException')
      throw new ScheduleNotFoundError(name, { cause: error });
    throw new ScheduleSyncError(
      worded((text) => text.services.scheduleUnreadable(name, describeSdkError(error))),
      { cause: error },
    );
  }
}

function carriedDefinition(
  schedule: GetScheduleCommandOutput,
  name: string,
  groupName: string | undefined,
  now: number,
): CarriedDefinition {
  return {
    Name: schedule.Name ?? name,
    GroupName: schedule.GroupName ?? groupName,
    Description: schedule.Description,
    State: schedule.State,
    // Scheduler refuses a start date more than 5 minutes in the past, and one that has passed no longer
    // holds anything back: only a start still ahead is carried over.
    StartDate: schedule.StartDate && schedule.StartDate.getTime() > now ? schedule.StartDate : undefined,
    EndDate: schedule.EndDate,
    KmsKeyArn: schedule.KmsKeyArn,
    // The target as read, whole: function ARN, role, input with its context attribute, retry policy, DLQ.
    Target: schedule.Target,
    FlexibleTimeWindow: schedule.FlexibleTimeWindow,
    ActionAfterCompletion: schedule.ActionAfterCompletion,
  };
}

function updateFailed(name: string, error: unknown, done: readonly ScheduleChange[]): ScheduleSyncError {
  const doneNames = done.map((change) => change.name).join(', ');
  return new ScheduleSyncError(
    worded((text) => text.services.scheduleNotUpdated(name, describeSdkError(error), doneNames)),
    { cause: error },
  );
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The SDK error's name and message, for an admin to act on; the error itself stays in `cause` for logs. */
function describeSdkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}

/** Makes the deployed schedules follow saved settings (see {@link syncSchedules}). */
export interface ScheduleFollower {
  follow(config: { schedule: CycleTimes; timeZone: string }): Promise<ScheduleChange[]>;
}

/**
 * The stage's schedules named by CHURN_WATCH_SCHEDULE_PREFIX, or undefined where it is unset (locally, the
 * running scheduler re-reads the settings by itself). Each call uses a client of its own, closed after.
 */
export function scheduleFollowerFromEnv(env: NodeJS.ProcessEnv): ScheduleFollower | undefined {
  const names = scheduleNamesFromEnv(env);
  if (!names) return undefined;
  return {
    async follow(config) {
      const client = new SchedulerClient({});
      try {
        return await syncSchedules({ client, names, schedule: config.schedule, timeZone: config.timeZone });
      } finally {
        client.destroy();
      }
    },
  };
}
