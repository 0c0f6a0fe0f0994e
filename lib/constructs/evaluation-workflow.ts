import type { aws_lambda as lambda } from 'aws-cdk-lib';
import {
  aws_iam as iam,
  aws_logs as logs,
  aws_stepfunctions as sfn,
  aws_stepfunctions_tasks as tasks,
  type CfnElement,
  Duration,
  type RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { type SegmentSizing, SIZING_ENV } from '../../functions/contracts/sizing.ts';
import { acknowledge } from './acknowledge.ts';
import { ChurnWatchFunction } from './churn-watch-function.ts';
import type { DataTables, TablePermissions } from './data-tables.ts';

/**
 * What the evaluator reads, and what it writes: the alert states and the warning log, in batches (it never updates or deletes one
 * alone); in config only its run records and a run's tier keys (see {@link EVALUATOR_CONFIG_KEYS}), never the
 * thresholds.
 */
export const EVALUATOR_TABLES = {
  profiles: 'read',
  customers: 'read',
  config: 'read',
  alerts: ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'BatchWriteItem'],
  // The warning log (`warning#<episode>` items), written in batches beside the alerts; an ending episode's
  // entry is read first (BatchGetItem) to complete it, and a re-run that takes a start back deletes it (in a
  // BatchWriteItem).
  followups: ['BatchGetItem', 'BatchWriteItem'],
} as const satisfies TablePermissions;
/** The partition keys the evaluator may write in the config table: `run` records and `rank#<run>` tier keys. */
export const EVALUATOR_CONFIG_KEYS = ['run', 'rank#*'] as const;

/** Errors a retry cannot mend: the day was refused, or a run is incomplete and must start over. */
const PERMANENT_ERRORS = ['EarlierDayError', 'FanOutError', 'InvalidEventError', 'StoredConfigError'];

export interface EvaluationWorkflowProps {
  readonly stage: string;
  readonly tables: DataTables;
  /** Started asynchronously with `{kind: 'daily', asOf}` once every segment is evaluated. */
  readonly notifier: lambda.IFunction;
  readonly sizing: SegmentSizing;
  /** Of the log groups; the stack decides it per stage. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The daily evaluation as a Step Functions state machine, so a distributor with a million customers is
 * evaluated by many concurrent invocations, each on one parallel scan segment of the profiles table
 * (functions/use-cases/cycle/fan-out.ts has the steps; docs/architecture.md "Fan-out for large books" the arithmetic):
 *
 *   Prepare → Rank (Map, one per segment) → Cutoffs → Evaluate (Map, one per segment) → Finish → Notify
 *
 * Started by the daily schedule with `{kind: 'daily', scheduledAt}`; an admin re-runs a day by starting an
 * execution with `{"asOf": "2026-11-20"}` (add `"force": true` for a day older than the last evaluated).
 *
 * @example
 * const workflow = new EvaluationWorkflow(this, 'Evaluation', {
 *   stage: 'dev', tables, notifier, sizing: DEFAULT_SIZING, removalPolicy: RemovalPolicy.DESTROY,
 * });
 */
export class EvaluationWorkflow extends Construct {
  readonly evaluator: ChurnWatchFunction;
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: EvaluationWorkflowProps) {
    super(scope, id);
    const { sizing } = props;
    if (!(
      sizing.minSegments >= 1 &&
      sizing.minSegments <= sizing.maxSegments &&
      sizing.itemsPerSegment >= 100
    )) {
      throw new Error(
        `EvaluationWorkflow: sizing ${JSON.stringify(sizing)} needs 1 <= minSegments <= maxSegments and ` +
          'itemsPerSegment >= 100.',
      );
    }

    this.evaluator = new ChurnWatchFunction(this, 'Evaluator', {
      entry: 'functions/entry-points/lambda/evaluator.ts',
      stage: props.stage,
      description:
        "Evaluates one step of the daily churn evaluation (one scan segment's customers at a time)",
      // A segment of 25,000 profiles is scanned in well under a minute on DynamoDB; the headroom covers
      // throttling and a segment grown large between two item-count refreshes.
      timeout: Duration.minutes(15),
      // Holds one segment's profiles; Lambda's CPU share grows with memory, and the evaluation is CPU-bound
      // once the profiles are read.
      memorySize: 2048,
      removalPolicy: props.removalPolicy,
      environment: {
        [SIZING_ENV.itemsPerSegment]: String(sizing.itemsPerSegment),
        [SIZING_ENV.minSegments]: String(sizing.minSegments),
        [SIZING_ENV.maxSegments]: String(sizing.maxSegments),
      },
    });
    props.tables.bindTo(this.evaluator, EVALUATOR_TABLES);
    this.evaluator.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
        resources: [props.tables.tables.config.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...EVALUATOR_CONFIG_KEYS] } },
      }),
    );

    const step = (
      name: string,
      payload: Record<string, unknown>,
      resultPath: string,
      resultSelector?: Record<string, string>,
    ) => {
      const task = new tasks.LambdaInvoke(this, name, {
        lambdaFunction: this.evaluator,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        resultPath,
        ...(resultSelector ? { resultSelector } : {}),
      });
      // Throttling and brief DynamoDB trouble pass; a refused day or an incomplete run does not. Retriers
      // are tried in order, so the permanent errors are caught first and not retried.
      task.addRetry({ errors: PERMANENT_ERRORS, maxAttempts: 0 });
      task.addRetry({
        errors: ['States.ALL'],
        interval: Duration.seconds(20),
        backoffRate: 3,
        maxAttempts: 3,
        jitterStrategy: sfn.JitterType.FULL,
      });
      return task;
    };
    const perSegment = (name: string, itemSelector: Record<string, unknown>, task: tasks.LambdaInvoke) =>
      new sfn.Map(this, name, {
        itemsPath: '$.segments',
        itemSelector,
        // All segments at once: their number is already bounded by the sizing (at most maxSegments).
        maxConcurrency: 0,
        resultPath: name === 'Rank' ? '$.ranks' : '$.results',
      }).itemProcessor(task);

    const prepare = step(
      'Prepare',
      { step: 'prepare', input: sfn.JsonPath.entirePayload, runId: sfn.JsonPath.executionName },
      '$',
    );
    const rank = perSegment(
      'Rank',
      { 'task.$': '$$.Map.Item.Value' },
      step('RankSegment', { step: 'rank', 'task.$': '$.task' }, '$'),
    );
    const cutoffs = step('Cutoffs', { step: 'cutoffs', state: sfn.JsonPath.entirePayload }, '$.cutoffs');
    const evaluate = perSegment(
      'Evaluate',
      { 'segment.$': '$$.Map.Item.Value', 'cutoffs.$': '$.cutoffs' },
      step('EvaluateSegment', { step: 'evaluate', task: sfn.JsonPath.entirePayload }, '$'),
    );
    // The execution's output keeps the day's counts only: the state is limited to 256 KB and by now holds
    // every segment's result; the unreadable ids are in the run record.
    const finish = step('Finish', { step: 'finish', state: sfn.JsonPath.entirePayload }, '$.summary', {
      'customers.$': '$.customers',
      'atRisk.$': '$.atRisk',
      'newAlerts.$': '$.newAlerts',
      'alertWrites.$': '$.alertWrites',
    });
    const notify = new tasks.LambdaInvoke(this, 'Notify', {
      lambdaFunction: props.notifier,
      // Asynchronously: the notifier has its own retries and dead-letter queue, and its sending (minutes for
      // hundreds of reps) is no reason to keep the execution open.
      invocationType: tasks.LambdaInvocationType.EVENT,
      payload: sfn.TaskInput.fromObject({ kind: 'daily', asOf: sfn.JsonPath.stringAt('$.asOf') }),
      resultPath: sfn.JsonPath.DISCARD,
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `churn-watch-${props.stage}-evaluation`,
      definitionBody: sfn.DefinitionBody.fromChainable(
        prepare.next(rank).next(cutoffs).next(evaluate).next(finish).next(notify),
      ),
      // Long enough for three retries of every step, short enough that a stuck run is over before the next
      // morning's starts.
      timeout: Duration.hours(6),
      tracingEnabled: true,
      // Execution data (the steps' inputs and outputs) holds only ids and counts, but is left out anyway.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    const logicalId = (fn: lambda.IFunction) =>
      Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
    acknowledge(this.stateMachine.role, {
      'AwsSolutions-IAM5[Resource::*]':
        'X-Ray tracing (xray:PutTraceSegments…) and the delivery of execution logs (logs:CreateLogDelivery…) ' +
        'take no resource but "*"; the test "IAM wildcards" holds them to exactly these actions.',
      [`AwsSolutions-IAM5[Resource::<${logicalId(this.evaluator)}.Arn>:*]`]:
        "Invoking this function's versions and aliases (CDK's grant); no other function.",
      [`AwsSolutions-IAM5[Resource::<${logicalId(props.notifier)}.Arn>:*]`]:
        "Invoking the notifier's versions and aliases (CDK's grant); no other function.",
    });
  }
}
