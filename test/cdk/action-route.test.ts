import { type CfnElement, cx_api } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KINDS, type TableKind } from '../../functions/adapters/dynamodb/tables.ts';
import type { ChurnWatchStack } from '../../lib/churn-watch-stack.ts';
import {
  ACTION_BASE_URL_CONTEXT_KEY,
  createApp,
  InvalidContextError,
  STAGE_CONTEXT_KEY,
} from '../../lib/create-app.ts';

// The rules look at the templates, not the bundles (the real bundles are checked by the `cdk synth` test).
const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let stack: ChurnWatchStack;
let template: Template;
// Synthesis without bundling still takes seconds on a busy machine: more than vitest's 10 s default for hooks.
beforeAll(() => {
  stack = createApp(NO_BUNDLING).stack;
  template = Template.fromStack(stack);
}, 60_000);

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const tableArn = (kind: TableKind) => ({
  'Fn::GetAtt': [logicalId(stack.dataTables.tables[kind]), 'Arn'],
});

function statementsOf(role: IConstruct): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(role) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
  );
}

function environmentOf(construct: IConstruct): Record<string, unknown> {
  return template.findResources('AWS::Lambda::Function')[logicalId(construct)]?.Properties.Environment
    .Variables;
}

/** `https://<api id>.execute-api.<region>.<suffix>/dev`, as CloudFormation will join it. */
const stageUrl = () => ({
  'Fn::Join': [
    '',
    [
      'https://',
      { Ref: logicalId(stack.ingestApi.api) },
      '.execute-api.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
      { Ref: logicalId(stack.ingestApi.api.deploymentStage) },
    ],
  ],
});

describe('the answer links route', () => {
  it('serves GET and POST /a/{token} to the action function with no authorization and no API key', () => {
    // Prepare
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const [aId, a] = Object.entries(resources).find(([, r]) => r.Properties.PathPart === 'a') ?? [];
    const [tokenId, token] =
      Object.entries(resources).find(([, r]) => r.Properties.PathPart === '{token}') ?? [];

    // Assess: /a hangs off the API's root, beside /v1, and /{token} under it.
    expect(a?.Properties.ParentId).toEqual({
      'Fn::GetAtt': [logicalId(stack.ingestApi.api), 'RootResourceId'],
    });
    expect(token?.Properties.ParentId).toEqual({ Ref: aId });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).filter(
      (method) => JSON.stringify(method.Properties.ResourceId) === JSON.stringify({ Ref: tokenId }),
    );
    expect(methods.map((method) => method.Properties.HttpMethod).sort()).toEqual(['GET', 'POST']);
    for (const method of methods) {
      // The signed link is the credential: a rep's phone can send neither a signature nor a key.
      expect(method.Properties).toMatchObject({
        AuthorizationType: 'NONE',
        ApiKeyRequired: false,
        Integration: {
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: {
            'Fn::Join': [
              '',
              expect.arrayContaining([{ 'Fn::GetAtt': [logicalId(stack.actionRoute.function), 'Arn'] }]),
            ],
          },
        },
      });
      expect(method.Properties).not.toHaveProperty('AuthorizerId');
    }
  });

  it('throttles each method of the route to 10 requests a second, bursts of 20, and keeps execution logs off it', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    const settings = stage?.Properties.MethodSettings as Record<string, unknown>[];

    for (const method of ['GET', 'POST']) {
      expect(settings).toContainEqual({
        // API Gateway's spelling of /a/{token}: slashes escaped as ~1.
        ResourcePath: '/~1a~1{token}',
        HttpMethod: method,
        ThrottlingRateLimit: 10,
        ThrottlingBurstLimit: 20,
        LoggingLevel: 'OFF',
        DataTraceEnabled: false,
      });
    }
    // The rest of the API keeps its error logs and its throttles (the ERP's usage plan).
    expect(settings).toContainEqual(
      expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', LoggingLevel: 'ERROR' }),
    );
  });

  it("logs each request's route, not its path, so no access log line holds a signed link", () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    const format = String(stage?.Properties.AccessLogSetting.Format);

    expect(JSON.parse(format)).toMatchObject({ resourcePath: '$context.resourcePath' });
    // $context.path is the request's path (/a/<token>); no other field of the format carries it either.
    expect(format).not.toMatch(/\$context\.path\b/);
    expect(format).not.toMatch(/\$context\.(requestOverride|domainPrefix)|\$input|\$method\.request/);
  });
});

describe('the signing key', () => {
  it('is generated by Secrets Manager at deployment, so its value is in no template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'churn-watch/dev/action-key',
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      SecretString: Match.absent(),
    });
    // Like the WeCom secret, under the account's Secrets Manager key.
    const secret = template.findResources('AWS::SecretsManager::Secret')[logicalId(stack.actionRoute.secret)];
    expect(secret?.Properties).not.toHaveProperty('KmsKeyId');
  });

  it('may be read (GetSecretValue, nothing else) by the action function and the notifier alone', () => {
    // Prepare
    const secret = JSON.stringify({ Ref: logicalId(stack.actionRoute.secret) });
    const policies = template.findResources('AWS::IAM::Policy');

    // Act: every statement of every policy in the stack that names the secret, with the roles it is given to
    const onSecret = Object.values(policies).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((statement) => JSON.stringify(statement.Resource).includes(secret))
        .map((statement) => ({ roles: policy.Properties.Roles, statement })),
    );

    // Assess
    expect(onSecret.map(({ roles }) => roles).sort()).toEqual(
      [
        [{ Ref: logicalId(stack.actionRoute.function.role!) }],
        [{ Ref: logicalId(stack.dailyCycle.notifier.role!) }],
      ].sort(),
    );
    for (const { statement } of onSecret) {
      expect(statement).toEqual({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: JSON.parse(secret),
      });
    }
  });

  it('is found by the action function and the notifier from their environment, which also gives the notifier the links base URL', () => {
    const secret = { Ref: logicalId(stack.actionRoute.secret) };

    expect(environmentOf(stack.actionRoute.function)).toEqual({
      CHURN_WATCH_STAGE: 'dev',
      CHURN_WATCH_TABLE_PREFIX: 'churn-watch-dev-',
      CHURN_WATCH_TIME_ZONE: 'Asia/Shanghai',
      CHURN_WATCH_ACTION_KEY_SECRET: secret,
    });
    expect(environmentOf(stack.dailyCycle.notifier)).toMatchObject({
      CHURN_WATCH_ACTION_KEY_SECRET: secret,
      CHURN_WATCH_ACTION_URL: stageUrl(),
    });
    for (const other of [stack.dailyCycle.evaluator, stack.ingestApi.function]) {
      expect(environmentOf(other)).not.toHaveProperty('CHURN_WATCH_ACTION_KEY_SECRET');
      expect(environmentOf(other)).not.toHaveProperty('CHURN_WATCH_ACTION_URL');
    }
    template.hasOutput('ActionBaseUrl', { Value: stageUrl() });
    template.hasOutput('ActionKeySecretName', {
      Value: { 'Fn::Join': ['-', Match.anyValue()] },
    });
  });
});

describe('the action function', () => {
  it('may make exactly the DynamoDB calls recording an answer makes, and in config only read the current settings', () => {
    // Prepare
    const statements = statementsOf(stack.actionRoute.function.role!).filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    const kindOf = new Map(TABLE_KINDS.map((kind) => [JSON.stringify(tableArn(kind)), kind]));

    // Act
    const allowed: Partial<Record<TableKind, string[]>> = {};
    for (const statement of statements.filter((s) => !('Condition' in s))) {
      for (const resource of asArray(statement.Resource)) {
        const kind = kindOf.get(JSON.stringify(resource));
        if (!kind) throw new Error(`the action function may use DynamoDB on ${JSON.stringify(resource)}`);
        allowed[kind] = [...(allowed[kind] ?? []), ...asArray(statement.Action)].sort();
      }
    }

    // Assess: no Scan or DeleteItem anywhere, UpdateItem on alerts only; not the orders, nor the outbox.
    expect(allowed).toEqual({
      followups: ['dynamodb:PutItem', 'dynamodb:Query'],
      alerts: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      reps: ['dynamodb:GetItem'],
      customers: ['dynamodb:GetItem'],
      // A visit or coupon is stored as ingest stores one.
      events: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
      profiles: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
    });
    expect(statements.filter((s) => 'Condition' in s)).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: tableArn('config'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['config'] } },
      },
    ]);
  });

  it('runs Node.js 24 on ARM64 for at most 10 seconds, and raises an alarm when it fails', () => {
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.actionRoute.function)];
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 10 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'churn-watch-dev-actions-errors',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stack.actionRoute.function) } }],
    });
  });
});

describe('a custom base URL for the links', () => {
  it('is taken from the context, without its trailing slash, by the notifier and the output', () => {
    // Prepare
    const custom = createApp({
      ...NO_BUNDLING,
      [STAGE_CONTEXT_KEY]: 'prod',
      [ACTION_BASE_URL_CONTEXT_KEY]: 'https://churn.example.com/',
    }).stack;
    const customTemplate = Template.fromStack(custom);
    const notifierId = custom.getLogicalId(custom.dailyCycle.notifier.node.defaultChild as CfnElement);

    // Assess
    expect(
      customTemplate.findResources('AWS::Lambda::Function')[notifierId]?.Properties.Environment.Variables
        .CHURN_WATCH_ACTION_URL,
    ).toBe('https://churn.example.com');
    customTemplate.hasOutput('ActionBaseUrl', { Value: 'https://churn.example.com' });
  });

  it.each(['http://churn.example.com', 'churn.example.com', 'https://churn.example.com/?x=1', 42])(
    'refuses %j, saying what a base URL must look like',
    (value) => {
      const build = () => createApp({ ...NO_BUNDLING, [ACTION_BASE_URL_CONTEXT_KEY]: value });
      expect(build).toThrow(InvalidContextError);
      expect(build).toThrow(/^Invalid context churn-watch:actionBaseUrl=.*https URL without a query/);
    },
  );
});
