import { type CfnElement, cx_api, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChurnWatchStack } from '../../lib/churn-watch-stack.ts';
import { ALARM_EMAIL_CONTEXT_KEY, createApp, InvalidContextError } from '../../lib/create-app.ts';

const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

const logicalId = (stack: Stack, construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

let stack: ChurnWatchStack;
let template: Template;
beforeAll(() => {
  stack = createApp({ ...NO_BUNDLING, [ALARM_EMAIL_CONTEXT_KEY]: 'ops@example.com' }).stack;
  template = Template.fromStack(stack);
});

describe('alarms', () => {
  it('raises each alarm on the first occurrence, and tells the topic when it starts and when it is over', () => {
    const topic = { Ref: logicalId(stack, stack.alarms.topic) };
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(
      Object.values(alarms)
        .map((alarm) => alarm.Properties.AlarmName)
        .sort(),
    ).toEqual([
      'churn-watch-dev-actions-errors',
      'churn-watch-dev-dead-letters',
      'churn-watch-dev-evaluation-failed',
      'churn-watch-dev-evaluator-errors',
      'churn-watch-dev-ingest-errors',
      'churn-watch-dev-notifier-errors',
      'churn-watch-dev-undelivered',
    ]);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
        OKActions: [topic],
      });
    }
  });

  it('watches the dead-letter queue and the evaluation state machine', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'churn-watch-dev-dead-letters',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(stack, stack.dailyCycle.deadLetterQueue), 'QueueName'] },
        },
      ],
    });
    const machine = { Ref: logicalId(stack, stack.dailyCycle.evaluation.stateMachine) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'churn-watch-dev-evaluation-failed',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'failed + timedOut' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({
              MetricName: 'ExecutionsFailed',
              Dimensions: [{ Name: 'StateMachineArn', Value: machine }],
            }),
          }),
        }),
      ]),
    });
  });

  it("alarms on the notifier's published count of undelivered messages, not on a phrase in its logs", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'churn-watch-dev-undelivered',
      Namespace: 'churn-watch',
      MetricName: 'UndeliveredMessages',
      Dimensions: Match.arrayWith([
        { Name: 'service', Value: 'notifier' },
        { Name: 'stage', Value: 'dev' },
      ]),
      Statistic: 'Sum',
      Period: 300,
    });
    expect(template.findResources('AWS::Logs::MetricFilter')).toEqual({});
    // Every function knows its stage, the dimension its metrics carry
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Handler === 'index.handler',
    );
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ CHURN_WATCH_STAGE: 'dev' });
    }
  });

  it("encrypts the topic at rest under its own rotating key, which only this stage's alarms may use through CloudWatch", () => {
    // Prepare
    const keyId = logicalId(stack, stack.alarms.key);
    const key = template.findResources('AWS::KMS::Key')[keyId];
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudwatch:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':alarm:churn-watch-dev-*',
            ],
          ],
        },
      },
    };

    // Assess: a customer managed key, since CloudWatch cannot publish to a topic under alias/aws/sns.
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'churn-watch-dev-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: fromOurAlarms,
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(stack, stack.alarms.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          // Publishers still need TLS.
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: fromOurAlarms,
          }),
        ]),
      },
    });
  });

  it('subscribes the address given at deployment, and no one without it', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    const plain = Template.fromStack(createApp(NO_BUNDLING).stack);
    plain.resourceCountIs('AWS::SNS::Subscription', 0);
    expect(() => createApp({ ...NO_BUNDLING, [ALARM_EMAIL_CONTEXT_KEY]: 'ops at example' })).toThrow(
      InvalidContextError,
    );
  });
});

describe('WeCom robot keys in Secrets Manager', () => {
  it('tells ingest and the notifier where the secret is, and the evaluator nothing', () => {
    const secret = { Ref: logicalId(stack, stack.wecomWebhooks.secret) };
    const functions = template.findResources('AWS::Lambda::Function');
    const env = (construct: IConstruct) =>
      functions[logicalId(stack, construct)]?.Properties.Environment.Variables as Record<string, unknown>;
    expect(env(stack.ingestApi.function).CHURN_WATCH_WECOM_SECRET).toEqual(secret);
    expect(env(stack.dailyCycle.notifier).CHURN_WATCH_WECOM_SECRET).toEqual(secret);
    expect(env(stack.dailyCycle.evaluator)).not.toHaveProperty('CHURN_WATCH_WECOM_SECRET');
    // No function's environment holds a webhook URL.
    expect(JSON.stringify(functions)).not.toMatch(/qyapi|webhook\/send/);
  });

  it('lets ingest write only its lease item in the config table (and read the current settings)', () => {
    const role = stack.ingestApi.function.role as IConstruct;
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(stack, role) }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as {
          Action: unknown;
          Condition?: unknown;
          Resource: unknown;
        }[],
    );
    const configArn = { 'Fn::GetAtt': [logicalId(stack, stack.dataTables.tables.config), 'Arn'] };
    const onConfig = statements.filter((statement) =>
      JSON.stringify(statement.Resource).includes(JSON.stringify(configArn)),
    );
    expect(onConfig).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: configArn,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['config'] } },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Resource: configArn,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['lock'] } },
      },
    ]);
  });
});
