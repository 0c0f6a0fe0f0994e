import {
  aws_iam as iam,
  type aws_lambda as lambda,
  aws_secretsmanager as secretsmanager,
  type RemovalPolicy,
  SecretValue,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { WECOM_SECRET_ENV } from '../../functions/contracts/secrets.ts';
import { parseWecomProxies, WECOM_PROXY_ENV } from '../../functions/contracts/wecom-proxy.ts';
import { acknowledge } from './acknowledge.ts';

export interface WecomWebhooksProps {
  /** Deployment stage; part of the secret's name, so the stages of one account keep apart. */
  readonly stage: string;
  /** Decided once per stage by the stack, as for the tables. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * A company's WeCom proxy: https URL prefixes reps' webhooks may use besides qyapi.weixin.qq.com. Default:
   * the CDK context value `wecomProxyUrls` (`cdk deploy -c wecomProxyUrls=https://proxy.example.com/cgi-bin/webhook/send`).
   */
  readonly proxyUrls?: string;
}

/**
 * The reps' WeCom robot webhook URLs (each holds the robot's key), in one Secrets Manager secret per stage:
 * a JSON object `{ "<repId>": "<webhook URL>" }`. Ingest writes it, the notifier reads it; the reps table
 * keeps only a marker.
 *
 * @example
 * const webhooks = new WecomWebhooks(this, 'WecomWebhooks', { stage: 'prod', removalPolicy });
 * webhooks.grantReadWrite(ingestFunction);
 * webhooks.grantRead(notifierFunction);
 */
export class WecomWebhooks extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly #proxyUrls: string;

  constructor(scope: Construct, id: string, props: WecomWebhooksProps) {
    super(scope, id);
    const proxies = props.proxyUrls ?? (this.node.tryGetContext('wecomProxyUrls') as string | undefined);
    // Checked at synth, so a typo fails the deploy instead of the functions' cold start.
    this.#proxyUrls = parseWecomProxies(proxies)
      .map((url) => url.href)
      .join(',');
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      // A fixed name, so an admin finds it in the console and the CLI can be pointed at it by name.
      secretName: `churn-watch/${props.stage}/wecom-webhooks`,
      description: `churn-watch ${props.stage}: WeCom robot webhook URLs by rep id, written by ingest`,
      // An empty object holds nothing secret. CloudFormation sets it once, at creation: later deploys leave the
      // value ingest wrote alone as long as this template property stays the same, so never change it here.
      secretStringValue: SecretValue.unsafePlainText('{}'),
      // DESTROY only schedules the deletion (a recovery window of days): the same stage cannot be deployed
      // again until the window ends or the deletion is forced.
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.secret, {
      'AwsSolutions-SMG4':
        'WeCom issues the robot keys; no Lambda can rotate them. Rotating one means a new robot in the WeCom ' +
        'group and the rep record sent again with its URL (docs/operations.md, "WeCom robot keys").',
    });
  }

  /** Gives `fn` the secret's ARN and leave to read it (the notifier), and the WeCom proxy setting if any. */
  grantRead(fn: lambda.Function): void {
    fn.addEnvironment(WECOM_SECRET_ENV, this.secret.secretArn);
    // Ingest refuses, and the notifier will not post to, robots anywhere else than WeCom or this proxy.
    if (this.#proxyUrls) fn.addEnvironment(WECOM_PROXY_ENV, this.#proxyUrls);
    this.secret.grantRead(fn);
  }

  /**
   * Gives `fn` the secret's ARN and leave to read and write it (ingest). Writers also take a lease in the
   * config table, so `fn` needs read-write access to that table too.
   */
  grantReadWrite(fn: lambda.Function): void {
    this.grantRead(fn);
    // PutSecretValue alone: the secret's grantWrite would add UpdateSecret, which can also change its KMS key.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:PutSecretValue'],
      resourceArns: [this.secret.secretArn],
    });
  }
}
