import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { App, cx_api, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ScheduleNotFoundError,
  ScheduleSyncError,
  scheduleNamesFromEnv,
  syncSchedules,
} from '../../functions/adapters/scheduler/schedule-sync.ts';
import {
  type CycleTimes,
  InvalidCycleTimesError,
  scheduleExpressions,
} from '../../functions/core/schedule-expressions.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { LocalizedError } from '../../functions/core/localized-error.ts';
import { describeError } from '../../functions/text/errors.ts';
import { DailyCycle } from '../../lib/constructs/daily-cycle.ts';
import { DataTables } from '../../lib/constructs/data-tables.ts';

const scheduler = mockClient(SchedulerClient);
afterEach(() => {
  scheduler.reset();
});

/** What `act` threw, for a look at its words. */
function refusal(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

const ACCOUNT = '123456789012';
const NAMES = { daily: 'churn-watch-prod-daily', weekly: 'churn-watch-prod-weekly' };
const RETRY = 'churn-watch-prod-retry';
const NOW = Date.parse('2026-11-22T02:00:00Z');
const ROLE = `arn:aws:iam::${ACCOUNT}:role/churn-watch-prod-DailyCycleSchedulerRole-1A2B3C`;
const DLQ = `arn:aws:sqs:cn-north-1:${ACCOUNT}:churn-watch-prod-DailyCycleDeadLetterQueue-4D5E6F`;

/** What GetSchedule returns for a schedule the stack created, read-only fields included. */
function deployed(
  kind: 'daily' | 'weekly' | 'retry',
  overrides: Partial<GetScheduleCommandOutput> = {},
): GetScheduleCommandOutput {
  const name = `churn-watch-prod-${kind}`;
  const fn = kind === 'daily' ? 'Evaluator' : 'Notifier';
  return {
    $metadata: { httpStatusCode: 200, requestId: `request-${kind}` },
    Arn: `arn:aws:scheduler:cn-north-1:${ACCOUNT}:schedule/default/${name}`,
    GroupName: 'default',
    Name: name,
    ScheduleExpression: {
      daily: 'cron(30 7 * * ? *)',
      weekly: 'cron(0 8 ? * MON *)',
      retry: 'rate(15 minutes)',
    }[kind],
    ScheduleExpressionTimezone: kind === 'retry' ? undefined : 'Asia/Shanghai',
    Description: `churn-watch prod: the ${kind} run. Failures go to the dead-letter queue.`,
    State: 'ENABLED',
    CreationDate: new Date('2026-11-01T08:00:00Z'),
    LastModificationDate: new Date('2026-11-01T08:00:00Z'),
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'NONE',
    Target: {
      Arn: `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:churn-watch-prod-DailyCycle${fn}-7G8H9I`,
      RoleArn: ROLE,
      Input:
        kind === 'retry'
          ? '{"kind":"retry"}'
          : `{"kind":"${kind}","scheduledAt":"<aws.scheduler.scheduled-time>"}`,
      RetryPolicy:
        kind === 'retry'
          ? { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 }
          : { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
      DeadLetterConfig: { Arn: DLQ },
    },
    ...overrides,
  };
}

/** Answers GetSchedule for all three of the stage's schedules, and UpdateSchedule for any. */
function givenDeployed(
  overrides: Partial<Record<'daily' | 'weekly', Partial<GetScheduleCommandOutput>>> = {},
) {
  const schedules = {
    daily: deployed('daily', overrides.daily),
    weekly: deployed('weekly', overrides.weekly),
    retry: deployed('retry'),
  };
  for (const schedule of Object.values(schedules)) {
    scheduler.on(GetScheduleCommand, { Name: schedule.Name }).resolves(schedule);
  }
  scheduler.on(UpdateScheduleCommand).callsFake((input: UpdateScheduleCommandInput) => ({
    $metadata: {},
    ScheduleArn: `arn:aws:scheduler:cn-north-1:${ACCOUNT}:schedule/default/${input.Name}`,
  }));
  return schedules;
}

const updates = () => scheduler.commandCalls(UpdateScheduleCommand).map((call) => call.args[0].input);

/** The definition GetSchedule returned, less the read-only fields, with only the timing replaced. */
function expectedUpdate(schedule: GetScheduleCommandOutput, expression: string, timeZone: string) {
  return {
    Name: schedule.Name,
    GroupName: 'default',
    Description: schedule.Description,
    State: 'ENABLED',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'NONE',
    Target: {
      Arn: schedule.Target!.Arn,
      RoleArn: ROLE,
      Input: schedule.Target!.Input,
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
      DeadLetterConfig: { Arn: DLQ },
    },
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: timeZone,
  };
}

const sync = (schedule: Partial<CycleTimes> = {}, timeZone = 'Asia/Shanghai') =>
  syncSchedules({
    client: new SchedulerClient({ region: 'cn-north-1' }),
    names: NAMES,
    schedule: { ...DEFAULT_CONFIG.schedule, ...schedule },
    timeZone,
    now: () => NOW,
  });

describe('scheduleExpressions', () => {
  it('gives the expressions the stack deploys for the default config', () => {
    expect(scheduleExpressions(DEFAULT_CONFIG.schedule, DEFAULT_CONFIG.timeZone)).toEqual({
      // The strings test/cdk/daily-cycle.test.ts expects of the deployed schedules.
      daily: 'cron(30 7 * * ? *)',
      weekly: 'cron(0 8 ? * MON *)',
      timeZone: 'Asia/Shanghai',
    });
  });

  it.each([
    [
      { dailyTime: '06:05', weeklyDay: 'SUN', weeklyTime: '23:59' },
      'cron(5 6 * * ? *)',
      'cron(59 23 ? * SUN *)',
    ],
    [
      { dailyTime: '06:05', weeklyDay: 'FRI', weeklyTime: '17:00' },
      'cron(5 6 * * ? *)',
      'cron(0 17 ? * FRI *)',
    ],
    [
      { dailyTime: '00:00', weeklyDay: 'SAT', weeklyTime: '00:00' },
      'cron(0 0 * * ? *)',
      'cron(0 0 ? * SAT *)',
    ],
  ] as const)('writes %j as %s and %s', (schedule, daily, weekly) => {
    expect(scheduleExpressions(schedule, 'Europe/Berlin')).toEqual({
      daily,
      weekly,
      timeZone: 'Europe/Berlin',
    });
  });

  it.each([
    [{ dailyTime: '7:30' }, /schedule\.dailyTime "7:30" is not a time of day/],
    [{ dailyTime: '24:00' }, /schedule\.dailyTime "24:00"/],
    [{ weeklyTime: '08:60' }, /schedule\.weeklyTime "08:60"/],
    [{ weeklyDay: 'mon' }, /schedule\.weeklyDay "mon" is not a weekday: use one of MON, TUE/],
  ])('refuses %j and names the key', (change, message) => {
    const schedule = { ...DEFAULT_CONFIG.schedule, ...change } as CycleTimes;

    expect(() => scheduleExpressions(schedule, 'Asia/Shanghai')).toThrow(InvalidCycleTimesError);
    expect(
      describeError(
        refusal(() => scheduleExpressions(schedule, 'Asia/Shanghai')),
        'en',
      ),
    ).toMatch(message);
  });

  it('refuses a zone that is not an IANA name', () => {
    expect(
      describeError(
        refusal(() => scheduleExpressions(DEFAULT_CONFIG.schedule, 'Beijing')),
        'en',
      ),
    ).toMatch(/timeZone "Beijing"/);
  });

  it.each([
    [DEFAULT_CONFIG.schedule, DEFAULT_CONFIG.timeZone],
    [{ dailyTime: '06:05', weeklyDay: 'SUN', weeklyTime: '23:59' } as const, 'Europe/Berlin'],
  ])('matches what the DailyCycle construct synthesizes for %j in %s', (schedule, timeZone) => {
    // Prepare
    const stack = new Stack(new App({ context: { [cx_api.BUNDLING_STACKS]: [] } }), 'Cycle', {
      env: { account: ACCOUNT, region: 'cn-north-1' },
    });
    const tables = new DataTables(stack, 'Tables', { stage: 'test', removalPolicy: RemovalPolicy.DESTROY });
    new DailyCycle(stack, 'DailyCycle', {
      stage: 'test',
      timeZone,
      tables,
      removalPolicy: RemovalPolicy.DESTROY,
      schedule,
    });

    // Act
    const expressions = scheduleExpressions(schedule, timeZone);

    // Assess
    const template = Template.fromStack(stack);
    for (const kind of ['daily', 'weekly'] as const) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: `churn-watch-test-${kind}`,
        ScheduleExpression: expressions[kind],
        ScheduleExpressionTimezone: expressions.timeZone,
      });
    }
  });
});

describe('syncSchedules', () => {
  it('a changed daily time: updates the daily schedule with its whole definition, not the weekly one', async () => {
    // Prepare
    const { daily } = givenDeployed();

    // Act
    const changes = await sync({ dailyTime: '09:15' });

    // Assess
    expect(updates()).toEqual([expectedUpdate(daily, 'cron(15 9 * * ? *)', 'Asia/Shanghai')]);
    // Read-only fields of GetSchedule's answer are not echoed back.
    expect(updates()[0]).not.toHaveProperty('Arn');
    expect(updates()[0]).not.toHaveProperty('CreationDate');
    expect(updates()[0]).not.toHaveProperty('$metadata');
    expect(changes).toEqual([
      {
        kind: 'daily',
        name: 'churn-watch-prod-daily',
        from: { expression: 'cron(30 7 * * ? *)', timeZone: 'Asia/Shanghai' },
        to: { expression: 'cron(15 9 * * ? *)', timeZone: 'Asia/Shanghai' },
      },
    ]);
  });

  it('a changed weekly day: updates the weekly schedule only, its target still the notifier', async () => {
    // Prepare
    const { weekly } = givenDeployed();

    // Act
    const changes = await sync({ weeklyDay: 'FRI' });

    // Assess
    expect(updates()).toEqual([expectedUpdate(weekly, 'cron(0 8 ? * FRI *)', 'Asia/Shanghai')]);
    expect(updates()[0]?.Target?.Input).toBe(
      '{"kind":"weekly","scheduledAt":"<aws.scheduler.scheduled-time>"}',
    );
    expect(changes).toEqual([
      {
        kind: 'weekly',
        name: 'churn-watch-prod-weekly',
        from: { expression: 'cron(0 8 ? * MON *)', timeZone: 'Asia/Shanghai' },
        to: { expression: 'cron(0 8 ? * FRI *)', timeZone: 'Asia/Shanghai' },
      },
    ]);
  });

  it('a changed zone: updates both, daily first, each with its own whole definition', async () => {
    // Prepare
    const { daily, weekly } = givenDeployed();

    // Act
    const changes = await sync({}, 'Asia/Urumqi');

    // Assess
    expect(updates()).toEqual([
      expectedUpdate(daily, 'cron(30 7 * * ? *)', 'Asia/Urumqi'),
      expectedUpdate(weekly, 'cron(0 8 ? * MON *)', 'Asia/Urumqi'),
    ]);
    expect(changes.map((change) => [change.name, change.from.timeZone, change.to.timeZone])).toEqual([
      ['churn-watch-prod-daily', 'Asia/Shanghai', 'Asia/Urumqi'],
      ['churn-watch-prod-weekly', 'Asia/Shanghai', 'Asia/Urumqi'],
    ]);
  });

  it('carries over every optional field GetSchedule returns: dates, KMS key, window, state, completion', async () => {
    // Prepare
    const startDate = new Date(NOW + 86_400_000);
    const endDate = new Date('2027-12-31T16:00:00Z');
    const kmsKeyArn = `arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
    const { daily } = givenDeployed({
      daily: {
        StartDate: startDate,
        EndDate: endDate,
        KmsKeyArn: kmsKeyArn,
        State: 'DISABLED',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
        ActionAfterCompletion: 'NONE',
        Description: '',
      },
    });

    // Act
    await sync({ dailyTime: '08:00' });

    // Assess
    expect(updates()).toEqual([
      {
        ...expectedUpdate(daily, 'cron(0 8 * * ? *)', 'Asia/Shanghai'),
        StartDate: startDate,
        EndDate: endDate,
        KmsKeyArn: kmsKeyArn,
        // A schedule an admin paused stays paused: the sync changes when it runs, not whether.
        State: 'DISABLED',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
        Description: '',
      },
    ]);
  });

  it('leaves out a start date that has passed, which Scheduler would refuse and which holds nothing back', async () => {
    // Prepare
    givenDeployed({ daily: { StartDate: new Date('2026-11-01T00:00:00Z') } });

    // Act
    await sync({ dailyTime: '08:00' });

    // Assess
    expect(updates()).toHaveLength(1);
    expect(updates()[0]?.StartDate).toBeUndefined();
  });

  it('nothing changed: reads both schedules, updates none', async () => {
    // Prepare
    givenDeployed();

    // Act
    const changes = await sync();

    // Assess
    expect(changes).toEqual([]);
    expect(scheduler.commandCalls(GetScheduleCommand).map((call) => call.args[0].input.Name)).toEqual([
      'churn-watch-prod-daily',
      'churn-watch-prod-weekly',
    ]);
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('a schedule without a zone of its own runs in UTC, and gets the config zone', async () => {
    // Prepare
    givenDeployed({ daily: { ScheduleExpressionTimezone: undefined } });

    // Act
    const changes = await sync();

    // Assess
    expect(changes).toEqual([
      expect.objectContaining({
        name: 'churn-watch-prod-daily',
        from: { expression: 'cron(30 7 * * ? *)', timeZone: 'UTC' },
        to: { expression: 'cron(30 7 * * ? *)', timeZone: 'Asia/Shanghai' },
      }),
    ]);
  });

  it('never reads or updates the 15-minute retry schedule', async () => {
    // Prepare
    givenDeployed();

    // Act
    await sync({ dailyTime: '06:00', weeklyDay: 'SUN' }, 'Europe/Berlin');

    // Assess
    expect(updates().map((input) => input.Name)).toEqual([
      'churn-watch-prod-daily',
      'churn-watch-prod-weekly',
    ]);
    const touched = scheduler.calls().map((call) => JSON.stringify(call.args[0].input));
    expect(touched.filter((input) => input.includes(RETRY) || input.includes('rate('))).toEqual([]);
  });

  it('passes the group on when one is given', async () => {
    // Prepare
    const { daily } = givenDeployed({
      daily: { GroupName: 'churn-watch' },
      weekly: { GroupName: 'churn-watch' },
    });

    // Act
    await syncSchedules({
      client: new SchedulerClient({ region: 'cn-north-1' }),
      names: NAMES,
      groupName: 'churn-watch',
      schedule: { ...DEFAULT_CONFIG.schedule, dailyTime: '07:45' },
      timeZone: 'Asia/Shanghai',
      now: () => NOW,
    });

    // Assess
    expect(scheduler.commandCalls(GetScheduleCommand).map((call) => call.args[0].input.GroupName)).toEqual([
      'churn-watch',
      'churn-watch',
    ]);
    expect(updates()).toEqual([
      { ...expectedUpdate(daily, 'cron(45 7 * * ? *)', 'Asia/Shanghai'), GroupName: 'churn-watch' },
    ]);
  });

  it('a missing schedule: a named error in Chinese and English, and nothing updated', async () => {
    // Prepare
    scheduler.on(GetScheduleCommand, { Name: NAMES.daily }).resolves(deployed('daily'));
    scheduler.on(GetScheduleCommand, { Name: NAMES.weekly }).rejects(
      new ResourceNotFoundException({
        message: 'Schedule churn-watch-prod-weekly does not exist.',
        Message: 'Schedule churn-watch-prod-weekly does not exist.',
        $metadata: {},
      }),
    );

    // Act
    const error = await sync({ dailyTime: '09:00' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ScheduleNotFoundError);
    expect(error).toBeInstanceOf(LocalizedError);
    const notFound = error as ScheduleNotFoundError;
    expect(notFound.scheduleName).toBe('churn-watch-prod-weekly');
    expect(notFound.describe('zh-CN')).toMatch(
      /^定时任务 churn-watch-prod-weekly 不存在：请先部署（npx cdk deploy）/,
    );
    expect(notFound.describe('en')).toMatch(/^schedule churn-watch-prod-weekly does not exist: deploy first/);
    expect(notFound.message).toBe(notFound.describe('en'));
    expect(notFound.cause).toBeInstanceOf(ResourceNotFoundException);
    // Both are read before either is updated, so the daily one is not moved without the weekly one.
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('an update Scheduler refuses: names the schedule and what was already updated', async () => {
    // Prepare
    givenDeployed();
    scheduler
      .on(UpdateScheduleCommand, { Name: NAMES.weekly })
      .rejects(
        new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} }),
      );

    // Act
    const error = await sync({}, 'Asia/Urumqi').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ScheduleSyncError);
    expect((error as ScheduleSyncError).describe('zh-CN')).toBe(
      '定时任务 churn-watch-prod-weekly 未能更新（ThrottlingException: Rate exceeded）；' +
        '已更新：churn-watch-prod-daily。原因解决后再同步一次即可补上',
    );
    expect((error as ScheduleSyncError).describe('en')).toContain('already updated: churn-watch-prod-daily');
  });

  it('refuses invalid times before calling Scheduler', async () => {
    await expect(sync({ dailyTime: '25:00' })).rejects.toThrow(InvalidCycleTimesError);
    expect(scheduler.calls()).toHaveLength(0);
  });
});

describe('scheduleNamesFromEnv', () => {
  it('names the daily and weekly schedules after the prefix', () => {
    expect(scheduleNamesFromEnv({ CHURN_WATCH_SCHEDULE_PREFIX: 'churn-watch-prod-' })).toEqual(NAMES);
  });

  it.each([{}, { CHURN_WATCH_SCHEDULE_PREFIX: '' }, { CHURN_WATCH_SCHEDULE_PREFIX: '  ' }])(
    'is null when unset (%j): locally there is nothing to sync',
    (env) => {
      expect(scheduleNamesFromEnv(env)).toBeNull();
    },
  );

  it.each(['churn watch-', 'churn-watch/prod-', 'x'.repeat(60)])(
    'refuses the prefix %j and names the variable',
    (prefix) => {
      expect(() => scheduleNamesFromEnv({ CHURN_WATCH_SCHEDULE_PREFIX: prefix })).toThrow(
        /environment variable CHURN_WATCH_SCHEDULE_PREFIX=/,
      );
    },
  );
});
