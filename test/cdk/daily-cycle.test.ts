import { App, type CfnElement, cx_api, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KINDS, type TableKind } from '../../functions/adapters/dynamodb/tables.ts';
import {
  type CycleEmail,
  type CycleSchedule,
  DailyCycle,
  DEFAULT_CYCLE_SCHEDULE,
  parseSender,
  type Weekday,
} from '../../lib/constructs/daily-cycle.ts';
import { DataTables } from '../../lib/constructs/data-tables.ts';
import {
  createApp,
  DAILY_TIME_CONTEXT_KEY,
  EMAIL_FROM_CONTEXT_KEY,
  InvalidContextError,
  SES_CONFIGURATION_SET_CONTEXT_KEY,
  TIME_ZONE_CONTEXT_KEY,
  WEEKLY_DAY_CONTEXT_KEY,
  WEEKLY_TIME_CONTEXT_KEY,
} from '../../lib/create-app.ts';
import { stateMachineDefinition } from '../support/state-machine.ts';

// These checks are about wiring, not bundles, and esbuild takes about a second per function: bundling is
// skipped here (CDK's own switch, what `cdk deploy <other stack>` does). The real bundles are checked by
// the offline `cdk synth` test in churn-watch-stack.test.ts.
const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** An SES ARN in the stack's account and region; the partition is left to CloudFormation (aws, aws-cn). */
function sesArn(resource: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ses:${REGION}:${ACCOUNT}:${resource}`]] };
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

interface Built {
  readonly stack: Stack;
  readonly cycle: DailyCycle;
  readonly tables: DataTables;
  readonly template: Template;
}

interface BuildOptions {
  readonly timeZone?: string;
  readonly schedule?: CycleSchedule;
  readonly email?: CycleEmail;
}

function build(options: BuildOptions = {}): Built {
  const stack = new Stack(new App({ context: NO_BUNDLING }), 'Cycle', {
    env: { account: ACCOUNT, region: REGION },
  });
  const tables = new DataTables(stack, 'Tables', { stage: 'test', removalPolicy: RemovalPolicy.DESTROY });
  const cycle = new DailyCycle(stack, 'DailyCycle', {
    stage: 'test',
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    tables,
    removalPolicy: RemovalPolicy.DESTROY,
    schedule: options.schedule ?? DEFAULT_CYCLE_SCHEDULE,
    email: options.email,
  });
  return { stack, cycle, tables, template: Template.fromStack(stack) };
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function getAtt(stack: Stack, construct: IConstruct): unknown {
  return { 'Fn::GetAtt': [logicalId(stack, construct), 'Arn'] };
}

/** The statements of the inline policies attached to `role`. */
function statementsOf(built: Built, role: IConstruct): Statement[] {
  const roleId = logicalId(built.stack, role);
  return Object.values(
    built.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The tables `statements` grant `action` on, or any action when `action` is left out. */
function tablesWith(built: Built, statements: readonly Statement[], action?: string): TableKind[] {
  const resources = statements
    .filter((statement) => action === undefined || asArray(statement.Action).includes(action))
    .flatMap((statement) => asArray(statement.Resource))
    .map((resource) => JSON.stringify(resource));
  return TABLE_KINDS.filter((kind) =>
    resources.some((resource) =>
      resource.includes(JSON.stringify(getAtt(built.stack, built.tables.tables[kind]))),
    ),
  );
}

function sesStatements(template: Template): { roles: unknown; statement: Statement }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('ses:')))
      .map((statement) => ({ roles: policy.Properties.Roles, statement })),
  );
}

let plain: Built;
let withEmail: Built;
let berlin: Built;

beforeAll(() => {
  plain = build();
  withEmail = build({ email: { from: 'churn-watch <alerts@example.com>', configurationSet: 'churn-watch' } });
  berlin = build({
    timeZone: 'Europe/Berlin',
    schedule: { dailyTime: '06:05', weeklyDay: 'SUN', weeklyTime: '23:59' },
  });
});

/** The statements that let a role PutItem in the config table. */
const configPuts = (statements: Statement[]): Statement[] =>
  statements.filter(
    (statement) =>
      asArray(statement.Action).includes('dynamodb:PutItem') &&
      JSON.stringify(statement.Resource).includes(
        JSON.stringify(getAtt(plain.stack, plain.tables.tables.config)),
      ),
  );

describe('DailyCycle schedules', () => {
  it('starts the evaluation every day at 07:30 in the stack time zone with {"kind":"daily"}', () => {
    const { stack, cycle, template } = plain;

    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'churn-watch-test-daily',
      ScheduleExpression: 'cron(30 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      Description: Match.stringLikeRegexp('every day at 07:30 \\(Asia/Shanghai\\)'),
      Target: Match.objectLike({
        Arn: { Ref: logicalId(stack, cycle.evaluation.stateMachine) },
        Input: '{"kind":"daily","scheduledAt":"<aws.scheduler.scheduled-time>"}',
      }),
    });
  });

  it('runs the notifier every Monday at 08:00 in the stack time zone with {"kind":"weekly"}', () => {
    const { stack, cycle, template } = plain;

    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'churn-watch-test-weekly',
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Description: Match.stringLikeRegexp('every MON at 08:00 \\(Asia/Shanghai\\)'),
      Target: Match.objectLike({
        Arn: getAtt(stack, cycle.notifier),
        Input: '{"kind":"weekly","scheduledAt":"<aws.scheduler.scheduled-time>"}',
      }),
    });
  });

  it('honours the times, weekday and time zone it is given', () => {
    const { template } = berlin;

    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'churn-watch-test-daily',
      ScheduleExpression: 'cron(5 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'churn-watch-test-weekly',
      ScheduleExpression: 'cron(59 23 ? * SUN *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
  });

  it('retries both schedules 3 times within 6 hours, then sends the event to the dead-letter queue', () => {
    const { stack, cycle, template } = plain;

    for (const name of ['churn-watch-test-daily', 'churn-watch-test-weekly']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: name,
        Target: Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: getAtt(stack, cycle.deadLetterQueue) },
        }),
      });
    }
  });

  it('has the notifier send what is owed every 15 minutes, without piling up retries', () => {
    const { stack, cycle, template } = plain;

    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'churn-watch-test-retry',
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({
        Arn: getAtt(stack, cycle.notifier),
        Input: '{"kind":"retry"}',
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 },
      }),
    });
  });
});

describe('DailyCycle dead-letter queue', () => {
  it('is one standard queue, encrypted, reachable over TLS only, keeping messages 14 days', () => {
    const { stack, cycle, template } = plain;

    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      // Scheduler refuses a FIFO queue as its dead-letter queue.
      FifoQueue: Match.absent(),
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(stack, cycle.deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it("receives the notifier's failed runs after 2 retries within 6 hours", () => {
    const { stack, cycle, template } = plain;

    for (const fn of [cycle.notifier]) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(stack, fn) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: getAtt(stack, cycle.deadLetterQueue) } },
      });
      expect(statementsOf(plain, fn.role!)).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:SendMessage']),
          Resource: getAtt(stack, cycle.deadLetterQueue),
        }),
      );
    }
  });
});

describe('DailyCycle evaluation', () => {
  it('runs each step 15 minutes with 2048 MB, sized 25,000 profiles a segment, 8 to 64 segments', () => {
    const { stack, cycle, template } = plain;

    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack, cycle.evaluator)];
    expect(fn?.Properties).toMatchObject({
      Timeout: 900,
      MemorySize: 2048,
      Environment: {
        Variables: {
          CHURN_WATCH_TABLE_PREFIX: 'churn-watch-test-',
          CHURN_WATCH_SEGMENT_ITEMS: '25000',
          CHURN_WATCH_MIN_SEGMENTS: '8',
          CHURN_WATCH_MAX_SEGMENTS: '64',
        },
      },
    });
  });

  it('invokes nothing itself: the state machine starts the notifier, asynchronously', () => {
    const { stack, cycle, template } = plain;

    expect(
      statementsOf(plain, cycle.evaluator.role!).filter((s) =>
        asArray(s.Action).includes('lambda:InvokeFunction'),
      ),
    ).toEqual([]);
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.stringify(machine?.Properties.DefinitionString);
    expect(definition).toContain('\\"InvocationType\\":\\"Event\\"');
    const roleId = (machine?.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const invokes = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) => asArray(statement.Action).includes('lambda:InvokeFunction'))
      .flatMap((statement) => asArray(statement.Resource));
    expect(invokes).toEqual(
      expect.arrayContaining([getAtt(stack, cycle.notifier), getAtt(stack, cycle.evaluator)]),
    );
  });

  it('retries a failed step, except a refused day or an incomplete run, and logs and traces every run', () => {
    const { template } = plain;

    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'churn-watch-test-evaluation',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    type Retrier = { ErrorEquals: string[]; MaxAttempts: number };
    type States = Record<string, { Retry?: Retrier[]; ItemProcessor?: { States: States } }>;
    const top = (stateMachineDefinition(template) as { States: States }).States;
    // The per-segment steps live inside the Map states.
    const states: States = {
      ...top,
      ...top.Rank?.ItemProcessor?.States,
      ...top.Evaluate?.ItemProcessor?.States,
    };
    for (const name of ['Prepare', 'RankSegment', 'Cutoffs', 'EvaluateSegment', 'Finish']) {
      const retry = states[name]?.Retry ?? [];
      const permanent = retry.findIndex((r) => r.ErrorEquals.includes('EarlierDayError'));
      const any = retry.findIndex((r) => r.ErrorEquals.includes('States.ALL'));
      // Retriers apply in order: the permanent errors must be matched before the catch-all.
      expect(retry[permanent]).toMatchObject({
        ErrorEquals: expect.arrayContaining(['FanOutError', 'InvalidEventError']),
        MaxAttempts: 0,
      });
      expect(retry[any]).toMatchObject({ MaxAttempts: 3 });
      expect(permanent).toBeLessThan(any);
    }
  });

  it('reads profiles and customers, writes alerts, the warning log and config, and reaches no other table', () => {
    const statements = statementsOf(plain, plain.cycle.evaluator.role!);

    expect(tablesWith(plain, statements, 'dynamodb:Scan')).toEqual([
      'profiles',
      'customers',
      'config',
      'alerts',
    ]);
    // Alerts are written in batches only; nothing is updated in place or deleted outside config's run items.
    expect(tablesWith(plain, statements, 'dynamodb:PutItem')).toEqual(['config']);
    expect(tablesWith(plain, statements, 'dynamodb:BatchWriteItem')).toEqual([
      'config',
      'alerts',
      'followups',
    ]);
    // The warning log: an ending episode's entry is read in a batch to complete it (applyWarningLogChanges);
    // answers are the notifier's and the action route's.
    expect(tablesWith(plain, statements, 'dynamodb:BatchGetItem')).toContain('followups');
    expect(tablesWith(plain, statements, 'dynamodb:GetItem')).not.toContain('followups');
    expect(tablesWith(plain, statements, 'dynamodb:Query')).not.toContain('followups');
    expect(tablesWith(plain, statements, 'dynamodb:UpdateItem')).toEqual([]);
    expect(tablesWith(plain, statements, 'dynamodb:DeleteItem')).toEqual(['config']);
    // Not deliveries, reps or events: sending is the notifier's job alone.
    expect(tablesWith(plain, statements)).toEqual(['profiles', 'customers', 'config', 'alerts', 'followups']);
    // In config it writes only its run records and a run's tier keys, never the thresholds.
    expect(configPuts(statements)).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['run', 'rank#*'] } },
      }),
    ]);
  });
});

describe('DailyCycle notifier', () => {
  it('runs 15 minutes with 1024 MB', () => {
    const { stack, cycle, template } = plain;

    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack, cycle.notifier)];
    expect(fn?.Properties).toMatchObject({
      Timeout: 900,
      MemorySize: 1024,
      Environment: { Variables: { CHURN_WATCH_TABLE_PREFIX: 'churn-watch-test-' } },
    });
  });

  it("reads reps, alerts, profiles, customers, events, config and the reps' answers, and writes deliveries and risk models", () => {
    const statements = statementsOf(plain, plain.cycle.notifier.role!);

    expect(tablesWith(plain, statements, 'dynamodb:GetItem')).toEqual([
      'profiles',
      'customers',
      'reps',
      'events',
      'config',
      'alerts',
      'deliveries',
      'followups',
    ]);
    // The answers: per customer for the digests, all of a week for the summary.
    expect(tablesWith(plain, statements, 'dynamodb:Query')).toContain('followups');
    expect(tablesWith(plain, statements, 'dynamodb:Scan')).toContain('followups');
    expect(tablesWith(plain, statements, 'dynamodb:PutItem')).toEqual(['config', 'deliveries']);
    // Each delivery and channel record is put whole (conditionally), never updated in place or deleted.
    expect(tablesWith(plain, statements, 'dynamodb:UpdateItem')).toEqual([]);
    expect(tablesWith(plain, statements, 'dynamodb:DeleteItem')).toEqual([]);
    expect(tablesWith(plain, statements, 'dynamodb:BatchWriteItem')).toEqual([]);
    expect(tablesWith(plain, statements)).not.toContain('orders');
    // In config only the weekly fit's learned risk models (`model` items), never the thresholds.
    expect(configPuts(statements)).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:PutItem',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['model'] } },
      }),
    ]);
  });
});

describe('DailyCycle email', () => {
  it('without email: no function may use SES, and none is told of a sender', () => {
    const { template } = plain;

    expect(sesStatements(template)).toEqual([]);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('CHURN_WATCH_EMAIL_FROM');
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('CHURN_WATCH_SES_CONFIGURATION_SET');
    }
  });

  it("with email: only the notifier may ses:SendEmail, as the sender's identities and configuration set", () => {
    const { stack, cycle, template } = withEmail;

    expect(sesStatements(template)).toEqual([
      {
        roles: [{ Ref: logicalId(stack, cycle.notifier.role!) }],
        statement: {
          Effect: 'Allow',
          Action: 'ses:SendEmail',
          Resource: [
            sesArn('identity/alerts@example.com'),
            sesArn('identity/example.com'),
            sesArn('configuration-set/churn-watch'),
          ],
        },
      },
    ]);
  });

  it('with email: the notifier is told the sender and the configuration set', () => {
    const { stack, cycle, template } = withEmail;

    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack, cycle.notifier)];
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      CHURN_WATCH_EMAIL_FROM: 'churn-watch <alerts@example.com>',
      CHURN_WATCH_SES_CONFIGURATION_SET: 'churn-watch',
    });
  });

  it('without a configuration set: the identities only', () => {
    const { template } = build({ email: { from: 'alerts@mail.example.com' } });

    const [granted] = sesStatements(template);
    expect(granted?.statement.Resource).toEqual([
      sesArn('identity/alerts@mail.example.com'),
      sesArn('identity/mail.example.com'),
    ]);
    expect(JSON.stringify(template.toJSON())).not.toContain('CHURN_WATCH_SES_CONFIGURATION_SET');
  });

  it.each([
    ['alerts@example.com', 'alerts@example.com', 'example.com'],
    ['churn-watch <alerts@example.com>', 'alerts@example.com', 'example.com'],
    ['"Churn Watch" <ops+cw@mail.example.cn>', 'ops+cw@mail.example.cn', 'mail.example.cn'],
    ['流失预警 <alerts@example.com>', 'alerts@example.com', 'example.com'],
  ])('reads the sender %j as %s of %s', (from, address, domain) => {
    expect(parseSender(from)).toEqual({ address, domain });
  });
});

describe('DailyCycle validation', () => {
  it.each([
    [{ dailyTime: '7:30' }, /schedule\.dailyTime "7:30" is not a time of day: use HH:MM from 00:00 to 23:59/],
    [{ dailyTime: '24:00' }, /schedule\.dailyTime "24:00"/],
    [{ dailyTime: '07:60' }, /schedule\.dailyTime "07:60"/],
    [{ weeklyTime: '0800' }, /schedule\.weeklyTime "0800"/],
    [{ weeklyTime: '' }, /schedule\.weeklyTime ""/],
    [
      { weeklyDay: 'MONDAY' as Weekday },
      /schedule\.weeklyDay "MONDAY" is not a weekday: use one of MON, TUE/,
    ],
    [{ weeklyDay: 'mon' as Weekday }, /schedule\.weeklyDay "mon"/],
  ])('refuses the schedule %j and names the value', (change, message) => {
    const schedule = { ...DEFAULT_CYCLE_SCHEDULE, ...change };

    expect(() => build({ schedule })).toThrow(message);
  });

  it.each([
    [{ from: 'alerts' }, /email\.from "alerts" is not a sender address/],
    [{ from: 'a@b@example.com' }, /email\.from "a@b@example.com"/],
    [{ from: 'alerts@localhost' }, /email\.from "alerts@localhost"/],
    [{ from: 'alerts@example.com', configurationSet: 'has space' }, /email\.configurationSet "has space"/],
  ])('refuses the email settings %j and names the value', (email, message) => {
    expect(() => build({ email })).toThrow(message);
  });

  it('refuses a time zone Scheduler would not know', () => {
    expect(() => build({ timeZone: 'Mars/Olympus_Mons' })).toThrow(/timeZone "Mars\/Olympus_Mons"/);
  });
});

describe('createApp context for the daily cycle', () => {
  it('passes the schedule and the sender from the context to the stack', () => {
    // Act
    const { stack } = createApp({
      ...NO_BUNDLING,
      [TIME_ZONE_CONTEXT_KEY]: 'Europe/Berlin',
      [DAILY_TIME_CONTEXT_KEY]: '06:05',
      [WEEKLY_DAY_CONTEXT_KEY]: 'fri',
      [WEEKLY_TIME_CONTEXT_KEY]: '17:00',
      [EMAIL_FROM_CONTEXT_KEY]: 'alerts@example.com',
      [SES_CONFIGURATION_SET_CONTEXT_KEY]: 'churn-watch',
    });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 17 ? * FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CHURN_WATCH_EMAIL_FROM: 'alerts@example.com',
          CHURN_WATCH_SES_CONFIGURATION_SET: 'churn-watch',
        }),
      },
    });
    // In the whole stack, the ingest function included, only the notifier may send.
    expect(sesStatements(template).map((granted) => granted.roles)).toEqual([
      [{ Ref: logicalId(stack, stack.dailyCycle.notifier.role!) }],
    ]);
  });

  it('sends no email when emailFrom is empty, so a -c value can turn off what cdk.json sets', () => {
    const { stack } = createApp({ ...NO_BUNDLING, [EMAIL_FROM_CONTEXT_KEY]: '' });

    expect(sesStatements(Template.fromStack(stack))).toEqual([]);
  });

  it.each([
    [DAILY_TIME_CONTEXT_KEY, '7:30', /HH:MM from 00:00 to 23:59/],
    [DAILY_TIME_CONTEXT_KEY, 730, /HH:MM from 00:00 to 23:59/],
    [WEEKLY_TIME_CONTEXT_KEY, '25:00', /HH:MM from 00:00 to 23:59/],
    [WEEKLY_DAY_CONTEXT_KEY, 'Monday', /use one of MON, TUE, WED, THU, FRI, SAT, SUN/],
    [EMAIL_FROM_CONTEXT_KEY, 'alerts-at-example.com', /SES-verified sender/],
    [SES_CONFIGURATION_SET_CONTEXT_KEY, 'has space', /SES configuration set/],
  ])('refuses %s=%j and names the key', (key, value, hint) => {
    // With a valid sender, so the configuration set is refused for its name, not for standing alone.
    const context = { [EMAIL_FROM_CONTEXT_KEY]: 'alerts@example.com', [key]: value };

    expect(() => createApp(context)).toThrow(InvalidContextError);
    expect(() => createApp(context)).toThrow(`Invalid context ${key}=${JSON.stringify(value)}: `);
    expect(() => createApp(context)).toThrow(hint);
  });

  it('refuses a configuration set without a sender and says to set emailFrom', () => {
    expect(() => createApp({ [SES_CONFIGURATION_SET_CONTEXT_KEY]: 'churn-watch' })).toThrow(
      /^Invalid context churn-watch:sesConfigurationSet="churn-watch": .*set churn-watch:emailFrom too/,
    );
  });
});
