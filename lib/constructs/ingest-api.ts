import {
  aws_apigateway as apigateway,
  aws_iam as iam,
  aws_logs as logs,
  Duration,
  type RemovalPolicy,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CURRENT_CONFIG_KEY } from '../../functions/contracts/tables.ts';
import { INGEST_KINDS } from '../../functions/contracts/api.ts';
import { acknowledge } from './acknowledge.ts';
import { ChurnWatchFunction } from './churn-watch-function.ts';
import type { DataTables, TablePermissions } from './data-tables.ts';

/** The variable the handlers read the distributor's time zone from (calendar days of orders and visits). */
export const TIME_ZONE_ENV = 'CHURN_WATCH_TIME_ZONE';

/**
 * The DynamoDB calls ingest makes (functions/use-cases/ingest/*), per table, and no others: it never updates or deletes
 * an item, and scans only the reps table. Config, alerts and deliveries belong to the daily cycle; in config ingest only reads the
 * current settings and takes its lease (granted with their key conditions below and in the stack).
 *
 * BatchWriteItem could also delete by key: IAM cannot tell a batch of puts from one of deletes, and one put
 * per request would make an import of 1,000 orders 40 times as many calls.
 */
export const INGEST_TABLE_ACTIONS = {
  // The stored versions by key (is it a duplicate? a return booked under the sale's number?), then the
  // changed orders in transactions of conditional puts (TransactWriteItems has no IAM action of its own:
  // each Put in it is checked as PutItem).
  orders: ['BatchGetItem', 'PutItem'],
  // The stored versions by key, then the changed records in batches of 25.
  customers: ['BatchGetItem', 'BatchWriteItem'],
  // The same, plus one scan of ids and names to match the rep column of orders and customers against.
  reps: ['BatchGetItem', 'BatchWriteItem', 'Scan'],
  // The same, plus a customer's stored complaints (Query), which a complaint's profile is rebuilt from.
  events: ['BatchGetItem', 'BatchWriteItem', 'Query'],
  // Read in batches, each written with optimistic locking (conditional puts, a chunk's in one transaction)
  // and read again when another request wrote it first.
  profiles: ['BatchGetItem', 'PutItem'],
} as const satisfies TablePermissions;

// Per API key, i.e. per ERP. An ERP sends at most 1,000 records per request, so 50 requests a second is far
// above any nightly export, yet a runaway retry loop cannot run up the DynamoDB bill unchecked.
const THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface IngestApiProps {
  readonly stage: string;
  /** IANA time zone in which the distributor's calendar days are counted. */
  readonly timeZone: string;
  readonly tables: DataTables;
  /** Of the log groups; the stack decides it per stage. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Stage settings of other routes on this API, by `<path>/<METHOD>` (the action route's throttle): API Gateway
   * takes them only with the stage itself.
   */
  readonly methodOptions?: Readonly<Record<string, apigateway.MethodDeploymentOptions>>;
}

/**
 * `POST /v1/{kind}` for a distributor's ERP: an API Gateway REST API in front of the ingest function.
 *
 * Callers are authenticated by IAM: every request is signed with SigV4 (service `execute-api`) by an IAM
 * principal that has {@link invokePolicy} (execute-api:Invoke on these routes, nothing else), so the
 * credentials are never sent, expire when they are temporary, and are rotated and revoked in IAM. The API
 * key (`x-api-key`) is still required, but it authenticates nothing: it names the ERP to its usage plan, which
 * throttles each ERP on its own. REST (v1) rather than an HTTP API because only REST APIs have usage plans.
 */
export class IngestApi extends Construct {
  readonly function: ChurnWatchFunction;
  readonly api: apigateway.RestApi;
  readonly apiKey: apigateway.ApiKey;
  readonly usagePlan: apigateway.UsagePlan;
  /**
   * What an ERP's IAM user or role needs to call the API: execute-api:Invoke on `POST /v1/<kind>` of this
   * stage, for each kind ingest takes, and nothing else.
   */
  readonly invokePolicy: iam.ManagedPolicy;
  /** Where an ERP sends its records: `${ingestUrl}/orders`, `${ingestUrl}/customers`, … */
  readonly ingestUrl: string;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);

    this.function = new ChurnWatchFunction(this, 'Function', {
      entry: 'functions/entry-points/lambda/ingest-api.ts',
      stage: props.stage,
      description: 'Stores records an ERP posts to /v1/{kind} and keeps customer profiles up to date',
      // A batch of 1,000 orders touches at most 1,000 profiles: a few hundred batched DynamoDB calls even with
      // retries, well inside API Gateway's own 29 s limit, which is what really bounds a request.
      timeout: Duration.seconds(29),
      environment: { [TIME_ZONE_ENV]: props.timeZone },
      removalPolicy: props.removalPolicy,
    });
    props.tables.bindTo(this.function, INGEST_TABLE_ACTIONS);
    // How much history a profile keeps is the admin's `profile.retentionDays`: ingest reads the current
    // settings, and nothing else of the config table (the lease it writes is granted by the stack).
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.tables.tables.config.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CURRENT_CONFIG_KEY.pk] } },
      }),
    );

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });

    this.api = new apigateway.RestApi(this, 'RestApi', {
      restApiName: `churn-watch-${props.stage}-ingest`,
      description:
        'churn-watch: ERPs post orders, customers, reps, visits, coupons and complaints; reps answer warnings ' +
        'through signed links',
      // AWS China regions, where most distributors run, have no edge-optimized endpoints.
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Access logs need the account-wide API Gateway logging role. CDK creates it and keeps it when the stack
      // goes, because other APIs of the account (another stage's, too) may log through it by then.
      cloudWatchRole: true,
      deployOptions: {
        // The API Gateway stage names the deployment; the version stays in the resource path (/v1/…), so a
        // v2 can live beside v1 in the same stage.
        stageName: props.stage,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        // The standard fields log the resource path (`/a/{token}`), not the request's path (`$context.path`),
        // which for an answer link is the signed link itself.
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        // Execution logs of errors only, and never with request bodies: those carry the distributor's
        // customer and order data.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        ...(props.methodOptions ? { methodOptions: { ...props.methodOptions } } : {}),
      },
    });
    // RestApi adds an `Endpoint` output named after a hash; the stack outputs the ingest URL under a stable
    // name instead, and one output per fact is less confusing for an admin.
    this.api.node.tryRemoveChild('Endpoint');

    const kind = this.api.root.addResource('v1').addResource('{kind}');
    // Proxy integration: the handler parses the body and answers with DESIGN.md's status codes itself.
    const method = kind.addMethod('POST', new apigateway.LambdaIntegration(this.function), {
      // Who may call: IAM principals with the invoke policy, proven by the request's SigV4 signature.
      authorizationType: apigateway.AuthorizationType.IAM,
      // Which ERP is calling, for its usage plan's throttle; an API key alone is no proof of anything.
      apiKeyRequired: true,
    });
    acknowledge(method, {
      'AwsSolutions-COG4':
        'No end users sign in here: the callers are ERP systems, authenticated by IAM (SigV4-signed ' +
        'requests of a principal with the invoke policy), which a Cognito user pool would only wrap.',
    });
    acknowledge(this.api, {
      'AwsSolutions-APIG2':
        'The handler validates every record and answers with the record and field at fault, in the ' +
        'caller\'s language; API Gateway\'s validator could only say "Invalid request body".',
    });
    acknowledge(this.api.deploymentStage, {
      'AwsSolutions-APIG3':
        'No WAF by default (about $6 a month per web ACL for one ERP caller): only IAM principals given the ' +
        'invoke policy get past authorization, and each ERP key has its usage-plan throttle. An admin can ' +
        'associate a web ACL with the stage.',
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(cloudWatchRole, {
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]':
          'The account-wide role API Gateway logs through; AWS documents it with this managed policy.',
      });
    }
    this.ingestUrl = this.api.urlForPath('/v1');

    // One ARN per kind rather than `POST/v1/*`: exactly the routes ingest answers, and no wildcard to
    // explain. Given to the ERP's principal by the admin (README "Ingest API"), never to a function here.
    this.invokePolicy = new iam.ManagedPolicy(this, 'InvokePolicy', {
      description: `churn-watch ${props.stage}: lets an ERP post records to the ingest API (SigV4-signed)`,
      statements: [
        new iam.PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: INGEST_KINDS.map((recordKind) =>
            this.api.arnForExecuteApi('POST', `/v1/${recordKind}`, props.stage),
          ),
        }),
      ],
    });

    this.apiKey = new apigateway.ApiKey(this, 'ErpKey', {
      apiKeyName: `churn-watch-${props.stage}-erp`,
      description: "The distributor's ERP; API Gateway generates the value",
    });
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: `churn-watch-${props.stage}-ingest`,
      throttle: THROTTLE,
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.usagePlan.addApiKey(this.apiKey);
  }
}
