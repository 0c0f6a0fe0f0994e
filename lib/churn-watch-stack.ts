import { aws_iam as iam, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  type CycleEmail,
  type CycleSchedule,
  DailyCycle,
  DEFAULT_CYCLE_SCHEDULE,
} from './constructs/daily-cycle.ts';
import { ACTION_METHOD_OPTIONS, ActionRoute } from './constructs/action-route.ts';
import { Alarms } from './constructs/alarms.ts';
import { DataTables, TABLE_PREFIX_ENV } from './constructs/data-tables.ts';
import { IngestApi } from './constructs/ingest-api.ts';
import { WecomWebhooks } from './constructs/wecom-webhooks.ts';
import { WEBHOOK_LEASE_KEY } from '../functions/contracts/tables.ts';

export interface ChurnWatchStackProps extends StackProps {
  /** Deployment stage, e.g. `dev` or `prod`; only `prod` keeps its data when the stack is deleted. */
  readonly stage: string;
  /** IANA time zone in which calendar days and schedules are counted, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** When the daily cycle and the weekly summaries run, in `timeZone`. @default DEFAULT_CYCLE_SCHEDULE */
  readonly schedule?: CycleSchedule;
  /** The SES sender; without it no function may use SES and messages go to WeCom only. */
  readonly email?: CycleEmail;
  /** Subscribed to the alarm topic at deployment (it must confirm the subscription). */
  readonly alarmEmail?: string;
  /**
   * The public base URL of the answer links, e.g. `https://churn.example.com` for a custom domain mapped to the
   * API's stage. @default the API's stage URL
   */
  readonly actionBaseUrl?: string;
}

/** The whole product on AWS: one stack, one construct per concern. */
export class ChurnWatchStack extends Stack {
  readonly stage: string;
  readonly timeZone: string;
  readonly dataTables: DataTables;
  readonly ingestApi: IngestApi;
  readonly actionRoute: ActionRoute;
  readonly dailyCycle: DailyCycle;
  readonly alarms: Alarms;
  readonly wecomWebhooks: WecomWebhooks;

  constructor(scope: Construct, id: string, props: ChurnWatchStackProps) {
    super(scope, id, props);
    this.stage = props.stage;
    this.timeZone = props.timeZone;

    Tags.of(this).add('app', 'churn-watch');
    Tags.of(this).add('stage', props.stage);

    // Customer history cannot be rebuilt from anywhere else once the distributor's ERP has purged it, so
    // production data outlives the stack; other stages are throwaway.
    const removalPolicy = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.dataTables = new DataTables(this, 'DataTables', { stage: props.stage, removalPolicy });
    this.ingestApi = new IngestApi(this, 'IngestApi', {
      stage: props.stage,
      timeZone: props.timeZone,
      tables: this.dataTables,
      removalPolicy,
      methodOptions: ACTION_METHOD_OPTIONS,
    });
    // The reps' answer links, on the same API: one endpoint, one access log, one place to put a custom domain.
    this.actionRoute = new ActionRoute(this, 'ActionRoute', {
      stage: props.stage,
      timeZone: props.timeZone,
      api: this.ingestApi.api,
      tables: this.dataTables,
      removalPolicy,
      ...(props.actionBaseUrl ? { baseUrl: props.actionBaseUrl } : {}),
    });
    this.dailyCycle = new DailyCycle(this, 'DailyCycle', {
      stage: props.stage,
      timeZone: props.timeZone,
      tables: this.dataTables,
      removalPolicy,
      schedule: props.schedule ?? DEFAULT_CYCLE_SCHEDULE,
      email: props.email,
    });

    const { evaluator, notifier } = this.dailyCycle;
    // The notifier signs the links in the digests it sends.
    this.actionRoute.grantLinkSigning(notifier);
    this.wecomWebhooks = new WecomWebhooks(this, 'WecomWebhooks', { stage: props.stage, removalPolicy });
    this.wecomWebhooks.grantReadWrite(this.ingestApi.function);
    this.wecomWebhooks.grantRead(notifier);
    // Ingest serializes its writes to the secret with a lease item in the config table, and may touch no
    // other item there: the thresholds are the admins'.
    this.ingestApi.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [this.dataTables.tables.config.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [WEBHOOK_LEASE_KEY.pk] } },
      }),
    );

    this.alarms = new Alarms(this, 'Alarms', {
      stage: props.stage,
      functions: { ingest: this.ingestApi.function, evaluator, notifier, actions: this.actionRoute.function },
      deadLetterQueue: this.dailyCycle.deadLetterQueue,
      evaluation: this.dailyCycle.evaluation.stateMachine,
      removalPolicy,
      ...(props.alarmEmail ? { email: props.alarmEmail } : {}),
    });

    new CfnOutput(this, 'TablePrefix', {
      value: this.dataTables.prefix,
      description: `Set ${TABLE_PREFIX_ENV} to this to point the churn-watch CLI at this stage's tables`,
    });
    new CfnOutput(this, 'ConfigTableName', {
      value: this.dataTables.tables.config.tableName,
      description: 'DynamoDB table holding the churn thresholds and schedule times',
    });
    new CfnOutput(this, 'IngestApiUrl', {
      value: this.ingestApi.ingestUrl,
      description:
        'ERPs POST {"records": [...]} to <this URL>/<kind>, e.g. /orders, signed with SigV4 (service ' +
        'execute-api) and with an x-api-key header',
    });
    new CfnOutput(this, 'IngestInvokePolicyArn', {
      value: this.ingestApi.invokePolicy.managedPolicyArn,
      description:
        "Attach to the ERP's IAM user or role: it may then call the ingest API (execute-api:Invoke on its " +
        'routes, nothing else)',
    });
    new CfnOutput(this, 'IngestApiKeyId', {
      value: this.ingestApi.apiKey.keyId,
      description:
        'The ERP API key, which names the ERP for its throttle (id only; read the value with aws apigateway ' +
        'get-api-key --api-key <id> --include-value)',
    });
    new CfnOutput(this, 'IngestUsagePlanId', {
      value: this.ingestApi.usagePlan.usagePlanId,
      description:
        "The ERP keys' usage plan (throttle): add a new key to it with aws apigateway create-usage-plan-key",
    });
    new CfnOutput(this, 'ActionBaseUrl', {
      value: this.actionRoute.baseUrl,
      description:
        "Where the reps' answer links in the digests point (<this URL>/a/<signed link>); set a custom domain " +
        'with -c churn-watch:actionBaseUrl=https://…',
    });
    new CfnOutput(this, 'ActionKeySecretName', {
      value: this.actionRoute.secret.secretName,
      description:
        'Secrets Manager secret with the key that signs the answer links; a new value invalidates every link ' +
        'already sent',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.dailyCycle.deadLetterQueue.queueUrl,
      description:
        'Runs of the daily cycle and weekly summaries that failed after their retries: look here when ' +
        'messages did not arrive',
    });
    new CfnOutput(this, 'WecomSecretName', {
      value: this.wecomWebhooks.secret.secretName,
      description:
        "Secrets Manager secret with the reps' WeCom robot URLs: set CHURN_WATCH_WECOM_SECRET to it when " +
        'importing reps or resending with the CLI',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description:
        'SNS topic of every alarm (failed evaluation, undelivered messages, dead letters, function errors): ' +
        'subscribe an admin to it',
    });
    new CfnOutput(this, 'EvaluationStateMachineArn', {
      value: this.dailyCycle.evaluation.stateMachine.stateMachineArn,
      description:
        'The daily evaluation; re-run a day with aws stepfunctions start-execution --input \'{"asOf":"YYYY-MM-DD"}\'',
    });
    new CfnOutput(this, 'DailyScheduleName', {
      value: this.dailyCycle.dailySchedule.scheduleName,
      description: 'EventBridge Scheduler schedule that runs the churn evaluation and the daily digests',
    });
    new CfnOutput(this, 'WeeklyScheduleName', {
      value: this.dailyCycle.weeklySchedule.scheduleName,
      description: "EventBridge Scheduler schedule that sends the managers' weekly summaries",
    });
  }
}
