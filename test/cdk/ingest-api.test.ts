import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KINDS, type TableKind } from '../../functions/adapters/dynamodb/tables.ts';
import type { ChurnWatchStack } from '../../lib/churn-watch-stack.ts';
import { createApp, TIME_ZONE_CONTEXT_KEY } from '../../lib/create-app.ts';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

// Every stack bundles the ingest function with esbuild (~0.5 s); the checks share one synthesized app.
let stack: ChurnWatchStack;
let template: Template;
let assemblyDir: string;

// Three functions to bundle: on a busy machine that outlasts vitest's 10 s default for hooks.
beforeAll(() => {
  const created = createApp({
    [TIME_ZONE_CONTEXT_KEY]: 'Asia/Urumqi',
    // What the CLI sets, so the function's metadata says where its bundle is.
    'aws:cdk:enable-asset-metadata': true,
  });
  stack = created.stack;
  template = Template.fromStack(stack);
  assemblyDir = created.app.synth().directory;
}, 60_000);

function logicalId(construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function tableArn(kind: TableKind): unknown {
  return { 'Fn::GetAtt': [logicalId(stack.dataTables.tables[kind]), 'Arn'] };
}

describe('the ingest function', () => {
  it('runs Node.js 24 on ARM64 with the table prefix and the time zone, without mapping every trace', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 29,
      Environment: {
        Variables: {
          CHURN_WATCH_TABLE_PREFIX: 'churn-watch-dev-',
          CHURN_WATCH_TIME_ZONE: 'Asia/Urumqi',
          NODE_OPTIONS: Match.absent(),
        },
      },
    });
  });

  it('logs to its own log group kept for a month', () => {
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.ingestApi.function)];
    const logGroupId: unknown = fn?.Properties.LoggingConfig.LogGroup.Ref;
    expect(typeof logGroupId).toBe('string');
    expect(template.findResources('AWS::Logs::LogGroup')[String(logGroupId)]).toMatchObject({
      Properties: { RetentionInDays: 30 },
    });
  });

  it('may make exactly the DynamoDB calls ingest makes, per table, and in config only read the settings and write its lease', () => {
    // Prepare
    const roleId = logicalId(stack.ingestApi.function.role!);
    const rolePolicies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    );
    const statements = rolePolicies.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
    const isDynamo = (statement: Statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:'));
    const kindOf = new Map(TABLE_KINDS.map((kind) => [JSON.stringify(tableArn(kind)), kind]));

    // Act: the actions allowed on each table without a key condition (the config items with one are
    // checked below, and the lease in alarms-and-secrets.test.ts)
    const allowed: Partial<Record<TableKind, string[]>> = {};
    for (const statement of statements.filter((s) => isDynamo(s) && !('Condition' in s))) {
      for (const resource of asArray(statement.Resource)) {
        const kind = kindOf.get(JSON.stringify(resource));
        if (!kind) throw new Error(`ingest may use DynamoDB on ${JSON.stringify(resource)}`);
        allowed[kind] = [...(allowed[kind] ?? []), ...asArray(statement.Action)].sort();
      }
    }

    // Assess: what functions/use-cases/ingest/* calls, nothing more (test/use-cases/ingest/ingest-grants.test.ts records the
    // calls). No UpdateItem or DeleteItem anywhere, a Scan only of the reps, and
    // nothing on the daily cycle's tables (config aside, under its key conditions).
    expect(allowed).toEqual({
      orders: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
      customers: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
      reps: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:Scan'],
      events: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query'],
      profiles: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    });
    // It reads the current settings for profile.retentionDays, and no other config item.
    const configReads = statements
      .filter((statement) => isDynamo(statement) && asArray(statement.Action).includes('dynamodb:GetItem'))
      .filter((statement) => JSON.stringify(statement.Resource) === JSON.stringify(tableArn('config')));
    expect(configReads).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:GetItem',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['config'] } },
      }),
    ]);
  });

  it('is bundled as ESM with the pinned AWS SDK inside, and its source map kept out of the zip', async () => {
    // Prepare
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.ingestApi.function)];
    const assetDir = path.join(assemblyDir, String(fn?.Metadata['aws:asset:path']));

    // Act
    const code = await readFile(path.join(assetDir, 'index.mjs'), 'utf8');
    const deployed = await readdir(assetDir);
    const maps = await readdir(path.join(assemblyDir, 'source-maps'), { recursive: true });
    const mapFile = maps.find((file) => /IngestApi[/\\]Function[/\\]index\.mjs\.map$/.test(file));
    const sourceMap = JSON.parse(
      await readFile(path.join(assemblyDir, 'source-maps', String(mapFile)), 'utf8'),
    );

    // Assess
    expect(code.startsWith("import { createRequire as topLevelCreateRequire } from 'node:module';")).toBe(
      true,
    );
    expect(code).toMatch(/export\s*\{\s*[\w$]+ as handler\s*\}/);
    expect(deployed).toEqual(['index.mjs']);
    expect(code).not.toContain('sourceMappingURL');
    // Nothing is left for the runtime's own SDK to resolve, and the SDK's sources are in the bundle.
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(sourceMap.sources).toContainEqual(
      expect.stringContaining('node_modules/@aws-sdk/client-dynamodb/'),
    );
    expect(sourceMap.sources).toContainEqual(expect.stringContaining('node_modules/@aws-sdk/lib-dynamodb/'));
    expect(sourceMap.sources).toContainEqual(
      expect.stringMatching(/functions\/entry-points\/lambda\/ingest-api\.ts$/),
    );
  });
});

describe('the ingest API', () => {
  it('has one ingest method, POST /v1/{kind}, behind IAM authorization and an API key, proxied to the ingest function', () => {
    // Prepare
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const [v1Id] = Object.entries(resources).find(([, r]) => r.Properties.PathPart === 'v1') ?? [];
    const [kindId, kindResource] =
      Object.entries(resources).find(([, r]) => r.Properties.PathPart === '{kind}') ?? [];

    // Assess
    expect(v1Id).toBeDefined();
    expect(kindResource?.Properties.ParentId).toEqual({ Ref: v1Id });
    // Besides it only the answer links' GET and POST /a/{token} (action-route.test.ts).
    template.resourceCountIs('AWS::ApiGateway::Method', 3);
    expect(
      Object.values(template.findResources('AWS::ApiGateway::Method')).filter(
        (method) => JSON.stringify(method.Properties.ResourceId) === JSON.stringify({ Ref: kindId }),
      ),
    ).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: { Ref: kindId },
      // SigV4-signed by an IAM principal allowed to invoke it: the API key alone gets a caller nowhere.
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: true,
      Integration: {
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: {
          'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [logicalId(stack.ingestApi.function), 'Arn'] }])],
        },
      },
    });
  });

  it("lets an ERP's principal with the invoke policy POST to each ingest route of this stage, and do nothing else", () => {
    // Prepare
    const apiId = logicalId(stack.ingestApi.api);
    const route = (kind: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':execute-api:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':',
          { Ref: apiId },
          `/dev/POST/v1/${kind}`,
        ],
      ],
    });

    // Assess
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(policies)).toEqual([logicalId(stack.ingestApi.invokePolicy)]);
    const [policy] = Object.values(policies);
    // Attached to nothing here: the admin gives it to the ERP's user or role.
    expect(policy?.Properties).not.toHaveProperty('Roles');
    expect(policy?.Properties).not.toHaveProperty('Users');
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: ['orders', 'customers', 'reps', 'visits', 'coupons', 'complaints'].map(route),
      },
    ]);
    template.hasOutput('IngestInvokePolicyArn', {
      Value: { Ref: logicalId(stack.ingestApi.invokePolicy) },
    });
  });

  it('is regional, deployed as the stage, with access logs kept for a month and no body logging', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'churn-watch-dev-ingest',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    const accessLogs = logicalId(stack.ingestApi.node.findChild('AccessLogs'));
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] }, Format: Match.anyValue() },
      // Stage-wide: errors only, never bodies (the action route's own settings are in action-route.test.ts).
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ResourcePath: '/*',
          HttpMethod: '*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ]),
    });
    expect(template.findResources('AWS::Logs::LogGroup')[accessLogs]).toMatchObject({
      Properties: { RetentionInDays: 30 },
    });
  });

  it('throttles the ERP key through a usage plan on the deployed stage', () => {
    // Prepare
    const apiKeyId = logicalId(stack.ingestApi.apiKey);
    const planId = logicalId(stack.ingestApi.usagePlan);

    // Assess
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::ApiKey', {
      Name: 'churn-watch-dev-erp',
      Enabled: true,
      // API Gateway generates the value, so it is in no template, repository or output.
      Value: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 50, BurstLimit: 100 },
      ApiStages: [
        {
          ApiId: { Ref: logicalId(stack.ingestApi.api) },
          Stage: { Ref: logicalId(stack.ingestApi.api.deploymentStage) },
          Throttle: Match.anyValue(),
        },
      ],
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyId: { Ref: apiKeyId },
      KeyType: 'API_KEY',
      UsagePlanId: { Ref: planId },
    });
  });
});
