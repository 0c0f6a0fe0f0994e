import {
  ArnFormat,
  type CfnElement,
  aws_iam as iam,
  aws_lambda_destinations as destinations,
  aws_scheduler as scheduler,
  aws_scheduler_targets as targets,
  aws_sqs as sqs,
  Duration,
  type RemovalPolicy,
  Stack,
  TimeZone,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RISK_MODEL_PK } from '../../functions/contracts/tables.ts';
import {
  cronExpressions,
  DEFAULT_CYCLE_TIMES,
  isValidTimeZone,
  isWeekday,
  parseTimeOfDay,
  type TimeOfDay,
  WEEKDAYS,
  type Weekday,
} from '../../functions/contracts/schedule.ts';
import { DEFAULT_SIZING, type SegmentSizing } from '../../functions/contracts/sizing.ts';
import { acknowledge } from './acknowledge.ts';
import { ChurnWatchFunction } from './churn-watch-function.ts';
import { EvaluationWorkflow } from './evaluation-workflow.ts';
import type { DataTables, TablePermissions } from './data-tables.ts';

/** The variables the notifier reads (see `functions/entry-points/lambda/notifier.ts`). */
export const EMAIL_FROM_ENV = 'CHURN_WATCH_EMAIL_FROM';
export const SES_CONFIGURATION_SET_ENV = 'CHURN_WATCH_SES_CONFIGURATION_SET';

/**
 * What the notifier reads to build the messages (the reps' answers too), and its outbox, the only table it writes: each delivery and
 * channel record is put whole, conditionally (never updated in place or deleted).
 */
export const NOTIFIER_TABLES = {
  reps: 'read',
  alerts: 'read',
  profiles: 'read',
  customers: 'read',
  events: 'read',
  config: 'read',
  deliveries: ['GetItem', 'Scan', 'PutItem'],
  // The reps' answers to warnings: per customer (Query) for the digests, all of a week (Scan) for the summary.
  followups: 'read',
} as const satisfies TablePermissions;
/** In config the notifier writes only the learned risk models its weekly run fits, never the thresholds. */
export const NOTIFIER_CONFIG_KEYS = [RISK_MODEL_PK] as const;

export { WEEKDAYS, type Weekday };

/** When the cycle runs, as wall-clock times in the stack's time zone. */
export interface CycleSchedule {
  /** `HH:MM`, when the evaluator runs and the reps' digests go out, e.g. `07:30`. */
  readonly dailyTime: string;
  /** The day the managers' weekly summaries go out. */
  readonly weeklyDay: Weekday;
  /** `HH:MM` on `weeklyDay`, e.g. `08:00`. */
  readonly weeklyTime: string;
}

/** The config's defaults, so a fresh deployment and a fresh config table agree. */
export const DEFAULT_CYCLE_SCHEDULE: CycleSchedule = DEFAULT_CYCLE_TIMES;

export interface CycleEmail {
  /** The SES-verified sender, `alerts@example.com` or `churn-watch <alerts@example.com>`. */
  readonly from: string;
  /** An SES configuration set for the messages (event publishing, a dedicated IP pool). */
  readonly configurationSet?: string;
}

export interface DailyCycleProps {
  readonly stage: string;
  /** IANA time zone the schedule times are in, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  readonly tables: DataTables;
  /** Of the log groups and the dead-letter queue; the stack decides it per stage. */
  readonly removalPolicy: RemovalPolicy;
  readonly schedule: CycleSchedule;
  /** How the evaluation is split over invocations. @default DEFAULT_SIZING */
  readonly sizing?: SegmentSizing;
  /**
   * Without it no function may use SES and messages go to WeCom only, which is what AWS China regions
   * need: SES is not generally available there.
   */
  readonly email?: CycleEmail;
}

export { isWeekday, parseTimeOfDay, type TimeOfDay };

// Deliberately narrower than RFC 5322: an address SES can have verified, without quoted local parts or
// IP literals, whose domain can be named in an identity ARN.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/;

/**
 * The address and domain of a sender, `churn-watch <alerts@example.com>` → `alerts@example.com` and
 * `example.com`; `undefined` when it is not a single address, with or without a display name.
 */
export function parseSender(from: unknown): { address: string; domain: string } | undefined {
  if (typeof from !== 'string') return undefined;
  const named = /^[^<>]*<([^<>]+)>$/.exec(from.trim());
  const address = (named?.[1] ?? from).trim();
  const match = ADDRESS.exec(address);
  if (!match?.[1]) return undefined;
  return { address, domain: match[1] };
}

/** SES's own rule for configuration set names. */
export function isConfigurationSetName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(name);
}

/**
 * The daily cycle on AWS: EventBridge Scheduler starts the evaluation state machine every morning
 * ({@link EvaluationWorkflow}: one invocation per scan segment), which hands the day to the notifier; once a
 * week a second schedule runs the notifier for the managers' summaries.
 *
 * The notifier is invoked asynchronously. Whatever cannot be delivered or keeps failing after its retries (a
 * schedule that cannot start its target, a notifier run that fails three times) ends up in one dead-letter
 * queue, so an admin has one place to look when a morning's messages did not arrive; a failed evaluation
 * raises its own alarm (see `Alarms`).
 *
 * @example
 * new DailyCycle(this, 'DailyCycle', {
 *   stage: 'dev',
 *   timeZone: 'Asia/Shanghai',
 *   tables,
 *   removalPolicy: RemovalPolicy.DESTROY,
 *   schedule: DEFAULT_CYCLE_SCHEDULE,
 *   email: { from: 'churn-watch <alerts@example.com>' },
 * });
 */
export class DailyCycle extends Construct {
  /** The daily evaluation, fanned out over scan segments. */
  readonly evaluation: EvaluationWorkflow;
  /** The function behind each of its steps. */
  readonly evaluator: ChurnWatchFunction;
  readonly notifier: ChurnWatchFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly dailySchedule: scheduler.Schedule;
  readonly weeklySchedule: scheduler.Schedule;
  /** Every 15 minutes: the notifier sends what is owed. */
  readonly retrySchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: DailyCycleProps) {
    super(scope, id);
    // Checked before anything is created, so a typo fails synth with the value named, not a deployment.
    const times = checkSchedule(props.schedule);
    const timeZone = checkTimeZone(props.timeZone);
    // The same expressions `churn-watch config set` writes to the deployed schedules, so a sync right after a
    // deployment finds nothing to change.
    const expressions = cronExpressions(times.dailyTime, props.schedule.weeklyDay, times.weeklyTime);
    const sender = props.email ? checkEmail(props.email) : undefined;

    // Standard, not FIFO: Scheduler takes only a standard queue as its dead-letter queue.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's maximum: a failure on the Friday before a holiday is still there when someone looks.
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.deadLetterQueue, {
      'AwsSolutions-SQS3':
        'This queue is the dead-letter queue; its messages wait for an admin (alarm dead-letters).',
    });
    const onFailure = new destinations.SqsDestination(this.deadLetterQueue);
    // Lambda retries a failed asynchronous run itself; 6 h keeps a retry on the same morning, where a late
    // digest is still of use, instead of one that arrives after the reps' day is over.
    const asyncInvoke = { retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure };

    this.notifier = new ChurnWatchFunction(this, 'Notifier', {
      entry: 'functions/entry-points/lambda/notifier.ts',
      stage: props.stage,
      description: "Sends the reps' daily digests and the managers' escalations and weekly summaries",
      // SES throttling is retried with backoff and WeCom robots take 20 messages a minute, so a few hundred
      // reps take minutes; the outbox lets a run that times out be finished by the retry.
      timeout: Duration.minutes(15),
      memorySize: 1024,
      removalPolicy: props.removalPolicy,
      environment: sender
        ? {
            [EMAIL_FROM_ENV]: sender.from,
            ...(sender.configurationSet ? { [SES_CONFIGURATION_SET_ENV]: sender.configurationSet } : {}),
          }
        : {},
    });
    props.tables.bindTo(this.notifier, NOTIFIER_TABLES);
    this.notifier.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.tables.tables.config.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...NOTIFIER_CONFIG_KEYS] } },
      }),
    );
    this.notifier.configureAsyncInvoke(asyncInvoke);
    if (sender) this.allowSending(this.notifier, sender);

    this.evaluation = new EvaluationWorkflow(this, 'Evaluation', {
      stage: props.stage,
      tables: props.tables,
      notifier: this.notifier,
      sizing: props.sizing ?? DEFAULT_SIZING,
      removalPolicy: props.removalPolicy,
    });
    this.evaluator = this.evaluation.evaluator;

    // One role for the three schedules, made here rather than left to the targets, so its one finding can be
    // acknowledged where it is made.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `churn-watch ${props.stage}: lets the schedules start the evaluation and the notifier`,
    });
    acknowledge(schedulerRole, {
      [`AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.notifier.node.defaultChild as CfnElement)}.Arn>:*]`]:
        "Invoking the notifier's versions and aliases (CDK's grant); no other function.",
    });
    const targetRetries = {
      role: schedulerRole,
      // Scheduler retries only when it cannot hand the event over (throttling, a service error).
      retryAttempts: 3,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: this.deadLetterQueue,
    };
    this.dailySchedule = new scheduler.Schedule(this, 'DailySchedule', {
      // Fixed names, so an admin finds them in the console next to the stage's tables.
      scheduleName: `churn-watch-${props.stage}-daily`,
      description:
        `churn-watch ${props.stage}: every day at ${props.schedule.dailyTime} (${props.timeZone}) ` +
        "evaluates all customers, then sends the reps' digests and managers' escalations. Failures go to " +
        'the dead-letter queue (stack output DeadLetterQueueUrl).',
      schedule: scheduler.ScheduleExpression.expression(expressions.daily, timeZone),
      target: new targets.StepFunctionsStartExecution(this.evaluation.stateMachine, {
        // The day the run is for comes from when the schedule fired, so a retry after midnight still
        // evaluates the morning it was meant for.
        input: scheduler.ScheduleTargetInput.fromObject({
          kind: 'daily',
          scheduledAt: scheduler.ContextAttribute.scheduledTime,
        }),
        ...targetRetries,
      }),
    });
    this.weeklySchedule = new scheduler.Schedule(this, 'WeeklySchedule', {
      scheduleName: `churn-watch-${props.stage}-weekly`,
      description:
        `churn-watch ${props.stage}: every ${props.schedule.weeklyDay} at ${props.schedule.weeklyTime} ` +
        `(${props.timeZone}) sends the managers' weekly summaries. Failures go to the dead-letter queue ` +
        '(stack output DeadLetterQueueUrl).',
      schedule: scheduler.ScheduleExpression.expression(expressions.weekly, timeZone),
      target: new targets.LambdaInvoke(this.notifier, {
        input: scheduler.ScheduleTargetInput.fromObject({
          kind: 'weekly',
          scheduledAt: scheduler.ContextAttribute.scheduledTime,
        }),
        ...targetRetries,
      }),
    });
    // What a run could not send (SES throttling, a busy robot) goes out within minutes, not next morning.
    this.retrySchedule = new scheduler.Schedule(this, 'RetrySchedule', {
      scheduleName: `churn-watch-${props.stage}-retry`,
      description: `churn-watch ${props.stage}: every 15 minutes sends the messages earlier runs could not send yet.`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(15)),
      target: new targets.LambdaInvoke(this.notifier, {
        input: scheduler.ScheduleTargetInput.fromObject({ kind: 'retry' }),
        role: schedulerRole,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(15),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  /**
   * SES v2 `SendEmail` authorizes as `ses:SendEmail` on the sending identity and on the configuration set.
   * SES uses the address's own identity when it is verified and its domain's otherwise, so both are allowed;
   * no other identity of the account (another product's sender) is.
   */
  private allowSending(fn: ChurnWatchFunction, sender: CheckedEmail): void {
    const stack = Stack.of(this);
    const sesArn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'ses', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          sesArn('identity', sender.address),
          sesArn('identity', sender.domain),
          ...(sender.configurationSet ? [sesArn('configuration-set', sender.configurationSet)] : []),
        ],
      }),
    );
  }
}

interface CheckedEmail {
  readonly from: string;
  readonly address: string;
  readonly domain: string;
  readonly configurationSet: string | undefined;
}

function checkSchedule(schedule: CycleSchedule): { dailyTime: TimeOfDay; weeklyTime: TimeOfDay } {
  const dailyTime = checkTime('schedule.dailyTime', schedule.dailyTime);
  if (!isWeekday(schedule.weeklyDay)) {
    throw new Error(
      `DailyCycle: schedule.weeklyDay ${JSON.stringify(schedule.weeklyDay)} is not a weekday: use one of ` +
        `${WEEKDAYS.join(', ')}.`,
    );
  }
  const weeklyTime = checkTime('schedule.weeklyTime', schedule.weeklyTime);
  return { dailyTime, weeklyTime };
}

function checkTime(name: string, value: string): TimeOfDay {
  const time = parseTimeOfDay(value);
  if (!time) {
    throw new Error(
      `DailyCycle: ${name} ${JSON.stringify(value)} is not a time of day: use HH:MM from 00:00 to 23:59, ` +
        'e.g. 07:30.',
    );
  }
  return time;
}

function checkTimeZone(name: string): TimeZone {
  if (!isValidTimeZone(name)) {
    throw new Error(`DailyCycle: timeZone ${JSON.stringify(name)} is not an IANA time zone name.`);
  }
  return TimeZone.of(name);
}

function checkEmail(email: CycleEmail): CheckedEmail {
  const sender = parseSender(email.from);
  if (!sender) {
    throw new Error(
      `DailyCycle: email.from ${JSON.stringify(email.from)} is not a sender address: use e.g. ` +
        'alerts@example.com or "churn-watch <alerts@example.com>".',
    );
  }
  const { configurationSet } = email;
  if (configurationSet !== undefined && !isConfigurationSetName(configurationSet)) {
    throw new Error(
      `DailyCycle: email.configurationSet ${JSON.stringify(configurationSet)} is not an SES configuration ` +
        'set name: use 1 to 64 letters, digits, "_" or "-".',
    );
  }
  return { from: email.from, ...sender, configurationSet };
}
