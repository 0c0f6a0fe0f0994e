import { App } from 'aws-cdk-lib';
import { ChurnWatchStack } from './churn-watch-stack.ts';
import {
  type CycleEmail,
  type CycleSchedule,
  DEFAULT_CYCLE_SCHEDULE,
  isConfigurationSetName,
  isWeekday,
  parseSender,
  parseTimeOfDay,
  type Weekday,
  WEEKDAYS,
} from './constructs/daily-cycle.ts';

// The deployment settings, given with `-c key=value` or in cdk.json's "context":
//   churn-watch:stage                dev | test | prod …                   (default dev)
//   churn-watch:timeZone             IANA zone of days and schedules       (default Asia/Shanghai)
//   churn-watch:dailyTime            HH:MM of the evaluation and digests   (default 07:30)
//   churn-watch:weeklyDay            MON … SUN of the weekly summaries     (default MON)
//   churn-watch:weeklyTime           HH:MM of the weekly summaries         (default 08:00)
//   churn-watch:emailFrom            SES-verified sender, e.g. "churn-watch <alerts@example.com>"; unset or
//                                    empty: no email at all, WeCom only (AWS China regions)
//   churn-watch:sesConfigurationSet  SES configuration set for the emails; needs emailFrom (default none)
//   churn-watch:alarmEmail           address subscribed to the alarm topic (default none: subscribe later)
//   churn-watch:actionBaseUrl        public https base URL of the reps' answer links, e.g. a custom domain
//                                    mapped to the API's stage (default: the API's stage URL)
export const STAGE_CONTEXT_KEY = 'churn-watch:stage';
export const TIME_ZONE_CONTEXT_KEY = 'churn-watch:timeZone';
export const DAILY_TIME_CONTEXT_KEY = 'churn-watch:dailyTime';
export const WEEKLY_DAY_CONTEXT_KEY = 'churn-watch:weeklyDay';
export const WEEKLY_TIME_CONTEXT_KEY = 'churn-watch:weeklyTime';
export const EMAIL_FROM_CONTEXT_KEY = 'churn-watch:emailFrom';
export const SES_CONFIGURATION_SET_CONTEXT_KEY = 'churn-watch:sesConfigurationSet';
export const ALARM_EMAIL_CONTEXT_KEY = 'churn-watch:alarmEmail';
export const ACTION_BASE_URL_CONTEXT_KEY = 'churn-watch:actionBaseUrl';
export const DEFAULT_STAGE = 'dev';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// Short and lowercase because the stage ends up in the stack name and tags, and later in resource names
// that have tight length limits.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/** A deployment setting given with `-c key=value` or in cdk.json that cannot be used. */
export class InvalidContextError extends Error {
  override readonly name = 'InvalidContextError';
}

export interface ChurnWatchApp {
  readonly app: App;
  readonly stack: ChurnWatchStack;
}

/**
 * Builds the CDK app without synthesizing it, so tests can inspect the stack without spawning the CLI.
 *
 * @param context context values that the CLI's (`-c`, cdk.json) override; the CLI passes its own through
 *   the environment, which `App` reads.
 * @example
 * const { app } = createApp();
 * app.synth();
 */
export function createApp(context: Record<string, unknown> = {}): ChurnWatchApp {
  const app = new App({ context });
  const stage = readStage(app.node.tryGetContext(STAGE_CONTEXT_KEY));
  const timeZone = readTimeZone(app.node.tryGetContext(TIME_ZONE_CONTEXT_KEY));
  // Read before the stack is built, so a mistyped value is reported as the context key the admin set.
  const schedule = readSchedule(app);
  const email = readEmail(app);
  const alarmEmail = readAlarmEmail(app.node.tryGetContext(ALARM_EMAIL_CONTEXT_KEY));
  const actionBaseUrl = readActionBaseUrl(app.node.tryGetContext(ACTION_BASE_URL_CONTEXT_KEY));
  const stack = new ChurnWatchStack(app, `ChurnWatch-${stage}`, {
    stage,
    timeZone,
    schedule,
    email,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(actionBaseUrl ? { actionBaseUrl } : {}),
    description: `churn-watch (${stage}): churn early warning for FMCG distributors`,
  });
  return { app, stack };
}

function readStage(value: unknown): string {
  if (value === undefined) return DEFAULT_STAGE;
  if (typeof value !== 'string' || !STAGE_PATTERN.test(value)) {
    throw new InvalidContextError(
      `Invalid context ${STAGE_CONTEXT_KEY}=${JSON.stringify(value)}: use 1 to 16 characters, a lowercase ` +
        `letter first, then lowercase letters, digits or "-" (for example dev, test, prod).`,
    );
  }
  return value;
}

function readTimeZone(value: unknown): string {
  if (value === undefined) return DEFAULT_TIME_ZONE;
  // Newer Node versions accept offsets like "+08:00", but EventBridge Scheduler only takes names.
  if (typeof value !== 'string' || /^[+-]/.test(value)) throw invalidTimeZone(value);
  try {
    // Returns the name in its canonical spelling ("asia/shanghai" → "Asia/Shanghai"), which Scheduler wants.
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch (error) {
    throw invalidTimeZone(value, error);
  }
}

function invalidTimeZone(value: unknown, cause?: unknown): InvalidContextError {
  return new InvalidContextError(
    `Invalid context ${TIME_ZONE_CONTEXT_KEY}=${JSON.stringify(value)}: use an IANA time zone name such as ` +
      `${DEFAULT_TIME_ZONE} or UTC.`,
    { cause },
  );
}

function readSchedule(app: App): CycleSchedule {
  return {
    dailyTime: readTime(app, DAILY_TIME_CONTEXT_KEY, DEFAULT_CYCLE_SCHEDULE.dailyTime),
    weeklyDay: readWeekday(app.node.tryGetContext(WEEKLY_DAY_CONTEXT_KEY)),
    weeklyTime: readTime(app, WEEKLY_TIME_CONTEXT_KEY, DEFAULT_CYCLE_SCHEDULE.weeklyTime),
  };
}

function readTime(app: App, key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !parseTimeOfDay(value)) {
    throw new InvalidContextError(
      `Invalid context ${key}=${JSON.stringify(value)}: use a time of day as HH:MM from 00:00 to 23:59, ` +
        'for example 07:30.',
    );
  }
  return value;
}

function readWeekday(value: unknown): Weekday {
  if (value === undefined) return DEFAULT_CYCLE_SCHEDULE.weeklyDay;
  // "mon" and "Mon" are meant the same way; Scheduler wants the upper-case spelling.
  const day = typeof value === 'string' ? value.toUpperCase() : value;
  if (!isWeekday(day)) {
    throw new InvalidContextError(
      `Invalid context ${WEEKLY_DAY_CONTEXT_KEY}=${JSON.stringify(value)}: use one of ` +
        `${WEEKDAYS.join(', ')}.`,
    );
  }
  return day;
}

function readEmail(app: App): CycleEmail | undefined {
  const from: unknown = app.node.tryGetContext(EMAIL_FROM_CONTEXT_KEY);
  const configurationSet: unknown = app.node.tryGetContext(SES_CONFIGURATION_SET_CONTEXT_KEY);
  // Empty counts as unset, so `-c churn-watch:emailFrom=` turns off a sender that cdk.json sets.
  const hasFrom = from !== undefined && from !== '';
  const hasConfigurationSet = configurationSet !== undefined && configurationSet !== '';
  if (hasConfigurationSet && !isConfigurationSetName(configurationSet)) {
    throw new InvalidContextError(
      `Invalid context ${SES_CONFIGURATION_SET_CONTEXT_KEY}=${JSON.stringify(configurationSet)}: use ` +
        'the name of an SES configuration set, 1 to 64 letters, digits, "_" or "-".',
    );
  }
  if (!hasFrom) {
    if (hasConfigurationSet) {
      throw new InvalidContextError(
        `Invalid context ${SES_CONFIGURATION_SET_CONTEXT_KEY}=${JSON.stringify(configurationSet)}: it ` +
          `applies to email only; set ${EMAIL_FROM_CONTEXT_KEY} too, or leave both out to send to WeCom only.`,
      );
    }
    return undefined;
  }
  if (typeof from !== 'string' || !parseSender(from)) {
    throw new InvalidContextError(
      `Invalid context ${EMAIL_FROM_CONTEXT_KEY}=${JSON.stringify(from)}: use the SES-verified sender, for ` +
        'example alerts@example.com or "churn-watch <alerts@example.com>".',
    );
  }
  return {
    from,
    ...(hasConfigurationSet ? { configurationSet: String(configurationSet) } : {}),
  };
}

function readAlarmEmail(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value)) {
    throw new InvalidContextError(
      `Invalid context ${ALARM_EMAIL_CONTEXT_KEY}=${JSON.stringify(value)}: use one email address, for ` +
        'example ops@example.com; more subscribers can be added to the topic later.',
    );
  }
  return value;
}

/** An https URL without query or fragment, its trailing slashes dropped (links append `/a/<token>`). */
function readActionBaseUrl(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // Plain http would send the signed links, which are the reps' credentials, readable by anyone on the way.
  if (!url || url.protocol !== 'https:' || url.search || url.hash || url.username || url.password) {
    throw new InvalidContextError(
      `Invalid context ${ACTION_BASE_URL_CONTEXT_KEY}=${JSON.stringify(value)}: use an https URL without a ` +
        'query, for example https://churn.example.com (a custom domain mapped to the API stage).',
    );
  }
  return url.href.replace(/\/+$/, '');
}
