import type { aws_lambda as lambda } from 'aws-cdk-lib';
import {
  ArnFormat,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  type aws_sqs as sqs,
  type aws_stepfunctions as sfn,
  Duration,
  type RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRICS, SERVICES } from '../../functions/contracts/telemetry.ts';

export interface AlarmsProps {
  readonly stage: string;
  /** Every function of the stack, by the name the alarm shows (`ingest`, `notifier`, …). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly deadLetterQueue: sqs.IQueue;
  readonly evaluation: sfn.IStateMachine;
  /** Subscribed to the topic at deployment; more can subscribe later in the console. */
  readonly email?: string;
  /** Of the topic's key; the stack decides it per stage. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * What an admin must hear about without watching a console: a morning whose evaluation failed, messages
 * that could not be delivered, anything in the dead-letter queue, a function that fails. Every alarm goes
 * to one SNS topic (stack output AlarmTopicArn), and tells again when it is over.
 *
 * @example
 * new Alarms(this, 'Alarms', {
 *   stage, functions: { notifier }, deadLetterQueue, evaluation, removalPolicy,
 * });
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  /** Encrypts the topic's messages at rest. */
  readonly key: kms.Key;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const alarmPrefix = `churn-watch-${props.stage}-`;
    // Only the stage's own alarms, from this account, may use the key and the topic: CloudWatch then cannot be
    // made to act on another account's behalf here (the confused deputy).
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${alarmPrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    // A key of our own: CloudWatch can publish to an encrypted topic only when the key's policy lets it
    // generate and decrypt data keys, and the AWS-managed alias/aws/sns key's policy does not and cannot be
    // changed (alarms to a topic under it are dropped, "CloudWatch Alarms does not have authorization to access
    // the SNS topic encryption key"). About $1 a month.
    this.key = new kms.Key(this, 'TopicKey', {
      description: `churn-watch ${props.stage}: encrypts the alarm topic's messages at rest`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${alarmPrefix}alarms`,
      displayName: `churn-watch ${props.stage} 告警 / alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic policy CDK writes for enforceSSL replaces SNS's default one, so CloudWatch's publishing is
    // allowed explicitly, under the same conditions as the key.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const alarm = (name: string, description: string, metric: cloudwatch.IMetric) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmName: `${alarmPrefix}${name}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data is the normal state of an error count.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    alarm(
      'evaluation-failed',
      '今天的流失评估没有完成，业务员收不到晨报。/ The daily evaluation failed or timed out: no digests today. ' +
        'Open the state machine execution to see which step failed; start it again with {"asOf": "YYYY-MM-DD"}.',
      new cloudwatch.MathExpression({
        expression: 'failed + timedOut',
        usingMetrics: {
          failed: props.evaluation.metricFailed(fiveMinutes),
          timedOut: props.evaluation.metricTimedOut(fiveMinutes),
        },
        period: Duration.minutes(5),
      }),
    );
    alarm(
      'dead-letters',
      '死信队列中有未能执行的任务。/ A schedule or notifier run failed after its retries and is in the ' +
        'dead-letter queue (stack output DeadLetterQueueUrl).',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );
    // The notifier publishes how many messages each run left failed or uncertain (Powertools Metrics, EMF).
    alarm(
      'undelivered',
      '有消息发送失败或状态不明。/ Messages failed or may not have arrived: run churn-watch deliveries ' +
        '--status failed,uncertain to see them and resend.',
      new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRICS.undelivered,
        dimensionsMap: { service: SERVICES.notifier, stage: props.stage },
        ...fiveMinutes,
      }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}-errors`,
        `函数 ${name} 出错。/ The ${name} function failed; its log group has the error.`,
        fn.metricErrors(fiveMinutes),
      );
    }
  }
}
