import {
  aws_apigateway as apigateway,
  aws_iam as iam,
  type aws_lambda as lambda,
  aws_secretsmanager as secretsmanager,
  Duration,
  type RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CURRENT_CONFIG_KEY } from '../../functions/contracts/tables.ts';
import {
  ACTION_KEY_LENGTH,
  ACTION_KEY_SECRET_ENV,
  ACTION_URL_ENV,
} from '../../functions/contracts/secrets.ts';
import { ACTION_PATH } from '../../functions/contracts/api.ts';
import { acknowledge } from './acknowledge.ts';
import { ChurnWatchFunction } from './churn-watch-function.ts';
import type { DataTables, TablePermissions } from './data-tables.ts';
import { TIME_ZONE_ENV } from './ingest-api.ts';

/** The route a digest's answer links point at: `${baseUrl}/a/{token}`. */
export const ACTION_RESOURCE_PATH = `${ACTION_PATH}/{token}`;
/** GET shows the page (or records a one-tap action), POST sends a choice from it (a reason, on the `choose` page). */
export const ACTION_METHODS = ['GET', 'POST'] as const;

/**
 * The DynamoDB calls the action use case makes (functions/use-cases/follow-up/*), per table, and no others. In config it
 * reads only the current settings (granted with its key condition below).
 */
export const ACTION_TABLE_ACTIONS = {
  // The answer, put conditionally (a second tap finds it there), and the customer's answers to show.
  followups: ['PutItem', 'Query'],
  // The alert episode the link is about; "not a real risk" and "closed" set one attribute of its record each,
  // conditional on the record being the one read (UpdateItem), so the rest of it is never rewritten.
  alerts: ['GetItem', 'UpdateItem'],
  // The rep's language and the customer's name, for the page.
  reps: ['GetItem'],
  customers: ['GetItem'],
  // A visit or a coupon is stored as ingest stores one sent by the ERP (functions/use-cases/ingest/ingest-events.ts):
  // the event by key, then its customer's profile with optimistic locking (profile-upkeep.ts).
  events: ['BatchGetItem', 'BatchWriteItem'],
  profiles: ['BatchGetItem', 'PutItem', 'GetItem'],
} as const satisfies TablePermissions;

/**
 * Per method of the route, on the API's stage: a burst of taps (a rep tapping through a digest, a link shared in
 * a group chat, a script) is bounded to 10 requests a second, 20 at once, for the whole route, so nobody can run
 * up the DynamoDB bill or crowd out the ERP's ingest. Execution logs are off: they would log the path parameter,
 * which is the signed link. Passed to the RestApi's deployment options by the stack.
 */
export const ACTION_METHOD_OPTIONS: Readonly<Record<string, apigateway.MethodDeploymentOptions>> =
  Object.fromEntries(
    ACTION_METHODS.map((method) => [
      `${ACTION_RESOURCE_PATH}/${method}`,
      {
        throttlingRateLimit: 10,
        throttlingBurstLimit: 20,
        loggingLevel: apigateway.MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
      },
    ]),
  );

export interface ActionRouteProps {
  readonly stage: string;
  /** IANA time zone in which the distributor's calendar days are counted (the day of a visit). */
  readonly timeZone: string;
  /** The API the route is added to; its deployment options must include {@link ACTION_METHOD_OPTIONS}. */
  readonly api: apigateway.RestApi;
  readonly tables: DataTables;
  /** Of the log group and the secret; the stack decides it per stage. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * The public base URL links are made with, e.g. `https://churn.example.com` for a custom domain mapped to the
   * API's stage. @default the stage URL, `https://<api id>.execute-api.<region>.<suffix>/<stage>`
   */
  readonly baseUrl?: string;
}

/**
 * `GET` and `POST /a/{token}` on the product's API: the page a rep reaches by tapping an answer in a digest
 * (called, visited, coupon, not a real risk, closed), behind the action function. No IAM, no API key, no user
 * pool: the signed link (HMAC over rep, customer, episode, action and expiry; functions/use-cases/follow-up/action-link.ts)
 * is the credential, and it allows that one answer and nothing else. The signing key is generated into a Secrets
 * Manager secret at deployment; only the action function and the notifier (which signs the links) may read it.
 *
 * @example
 * const route = new ActionRoute(this, 'ActionRoute', { stage, timeZone, api, tables, removalPolicy });
 * route.grantLinkSigning(notifier);
 */
export class ActionRoute extends Construct {
  readonly function: ChurnWatchFunction;
  readonly secret: secretsmanager.Secret;
  /** What links start with: `${baseUrl}/a/<token>`. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: ActionRouteProps) {
    super(scope, id);
    const { api } = props;
    this.baseUrl =
      props.baseUrl ??
      `https://${api.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/` +
        api.deploymentStage.stageName;

    this.secret = new secretsmanager.Secret(this, 'SigningKey', {
      // A fixed name, so an admin finds it beside the WeCom secret and can rotate it by name.
      secretName: `churn-watch/${props.stage}/action-key`,
      description:
        `churn-watch ${props.stage}: the key that signs the answer links in digests. A new value ` +
        'invalidates every link already sent.',
      // Generated by Secrets Manager at creation: the value is in no template, asset or environment.
      generateSecretString: {
        passwordLength: ACTION_KEY_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.secret, {
      'AwsSolutions-SMG4':
        'A new signing key makes every link in the digests already sent fail, so it is changed on purpose ' +
        'by an admin (docs/operations.md, "Answer links"), not on a schedule.',
    });

    this.function = new ChurnWatchFunction(this, 'Function', {
      entry: 'functions/entry-points/lambda/action-api.ts',
      stage: props.stage,
      description: "Records a rep's answer to a warning, tapped in a digest (GET/POST /a/{token})",
      // A handful of DynamoDB calls per tap; the rep is waiting on a phone.
      timeout: Duration.seconds(10),
      environment: { [TIME_ZONE_ENV]: props.timeZone },
      removalPolicy: props.removalPolicy,
    });
    props.tables.bindTo(this.function, ACTION_TABLE_ACTIONS);
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.tables.tables.config.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CURRENT_CONFIG_KEY.pk] } },
      }),
    );
    this.grantKeyRead(this.function);

    const token = api.root.addResource(ACTION_PATH.slice(1)).addResource('{token}');
    const integration = new apigateway.LambdaIntegration(this.function);
    for (const method of ACTION_METHODS) {
      const added = token.addMethod(method, integration, {
        authorizationType: apigateway.AuthorizationType.NONE,
        apiKeyRequired: false,
      });
      acknowledge(added, {
        'AwsSolutions-APIG4':
          'The signed link is the credential: an HMAC over rep, customer, episode, action and expiry, checked ' +
          'by the function before anything is read or written. Reps tap it in WeCom or a mail app, where no ' +
          'sign-in or API key could be sent.',
        'AwsSolutions-COG4':
          'Reps have no accounts to sign in with; the signed link allows one answer about one customer and ' +
          'nothing else, and expires.',
      });
    }
  }

  /**
   * Lets `fn` sign answer links (the notifier): the base URL and the secret's ARN in its environment, and
   * leave to read the key.
   */
  grantLinkSigning(fn: lambda.Function): void {
    fn.addEnvironment(ACTION_URL_ENV, this.baseUrl);
    this.grantKeyRead(fn);
  }

  private grantKeyRead(fn: lambda.Function): void {
    fn.addEnvironment(ACTION_KEY_SECRET_ENV, this.secret.secretArn);
    // GetSecretValue alone: the secret's grantRead would add DescribeSecret, which neither function calls.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [this.secret.secretArn],
    });
  }
}
