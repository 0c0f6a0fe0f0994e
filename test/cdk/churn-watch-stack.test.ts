import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cx_api } from 'aws-cdk-lib';
import { Match, Tags, Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keySchema, TABLE_KINDS, tableNames } from '../../functions/adapters/dynamodb/tables.ts';
import {
  createApp,
  InvalidContextError,
  STAGE_CONTEXT_KEY,
  TIME_ZONE_CONTEXT_KEY,
} from '../../lib/create-app.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

// esbuild takes about a second per function, and the stack has three: the checks of the stack's wiring skip
// bundling (CDK's own switch), and the real bundles are checked by the `cdk synth` test below.
const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

describe('ChurnWatchStack', () => {
  // The checks of the default stack share one.
  let dev: Template;
  beforeAll(() => {
    dev = Template.fromStack(createApp(NO_BUNDLING).stack);
  });

  it('has one table per kind the runtime knows, and no other', () => {
    dev.resourceCountIs('AWS::DynamoDB::Table', TABLE_KINDS.length);
  });

  it.each(TABLE_KINDS)(
    'keeps %s in an on-demand, encrypted table with point-in-time recovery, named and keyed as the runtime expects',
    (kind) => {
      // The same names and keys `churn-watch init` creates locally, so one runtime serves both.
      const { keys, attributes } = keySchema(kind);
      dev.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: tableNames('churn-watch-dev-')[kind],
        KeySchema: keys,
        AttributeDefinitions: attributes,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      });
    },
  );

  it('lets temporary items of the config table expire, and nothing in the other tables', () => {
    dev.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'churn-watch-dev-config',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const withTtl = Object.values(dev.findResources('AWS::DynamoDB::Table')).filter(
      (table) => table.Properties.TimeToLiveSpecification !== undefined,
    );
    expect(withTtl).toHaveLength(1);
  });

  it("outputs the tables, the ingest URL, invoke policy, key and usage plan, the answer links' base URL and key secret, the dead-letter queue, the schedules, the evaluation, the alarm topic and the WeCom secret, nothing else", () => {
    dev.hasOutput('TablePrefix', { Value: 'churn-watch-dev-' });
    dev.hasOutput('ConfigTableName', { Value: { Ref: Match.stringLikeRegexp('^DataTablesConfig') } });
    dev.hasOutput('IngestApiUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['/v1'])] },
    });
    dev.hasOutput('IngestApiKeyId', { Value: { Ref: Match.stringLikeRegexp('^IngestApiErpKey') } });
    dev.hasOutput('IngestUsagePlanId', {
      Value: { Ref: Match.stringLikeRegexp('^IngestApiRestApiUsagePlan') },
    });
    dev.hasOutput('IngestInvokePolicyArn', {
      Value: { Ref: Match.stringLikeRegexp('^IngestApiInvokePolicy') },
    });
    dev.hasOutput('DeadLetterQueueUrl', {
      Value: { Ref: Match.stringLikeRegexp('^DailyCycleDeadLetterQueue') },
    });
    // A schedule's Ref is its name.
    dev.hasOutput('DailyScheduleName', {
      Value: { Ref: Match.stringLikeRegexp('^DailyCycleDailySchedule') },
    });
    dev.hasOutput('WeeklyScheduleName', {
      Value: { Ref: Match.stringLikeRegexp('^DailyCycleWeeklySchedule') },
    });
    dev.hasResourceProperties('AWS::Scheduler::Schedule', { Name: 'churn-watch-dev-daily' });
    dev.hasResourceProperties('AWS::Scheduler::Schedule', { Name: 'churn-watch-dev-weekly' });
    // The key's value never appears in a template or an output: an admin reads it with get-api-key.
    dev.hasOutput('AlarmTopicArn', { Value: { Ref: Match.stringLikeRegexp('^AlarmsTopic') } });
    dev.hasOutput('EvaluationStateMachineArn', {
      Value: { Ref: Match.stringLikeRegexp('^DailyCycleEvaluationStateMachine') },
    });
    expect(Object.keys(dev.findOutputs('*')).sort()).toEqual([
      'ActionBaseUrl',
      'ActionKeySecretName',
      'AlarmTopicArn',
      'ConfigTableName',
      'DailyScheduleName',
      'DeadLetterQueueUrl',
      'EvaluationStateMachineArn',
      'IngestApiKeyId',
      'IngestApiUrl',
      'IngestInvokePolicyArn',
      'IngestUsagePlanId',
      'TablePrefix',
      'WecomSecretName',
      'WeeklyScheduleName',
    ]);
  });

  it.each([
    ['dev', 'Delete'],
    ['test', 'Delete'],
    ['prod', 'Retain'],
  ])('stage %s gives every table, log group, queue and key DeletionPolicy %s', (stage, policy) => {
    // Act
    const { stack } = createApp({ ...NO_BUNDLING, [STAGE_CONTEXT_KEY]: stage });

    // Assess
    expect(stack.stackName).toBe(`ChurnWatch-${stage}`);
    const template = Template.fromStack(stack);
    const stateful = {
      ...template.findResources('AWS::DynamoDB::Table'),
      ...template.findResources('AWS::Logs::LogGroup'),
      ...template.findResources('AWS::SQS::Queue'),
      ...template.findResources('AWS::KMS::Key'),
    };
    // Log groups: four functions', the API's access logs and the state machine's; one dead-letter queue;
    // the alarm topic's key.
    expect(Object.keys(stateful)).toHaveLength(TABLE_KINDS.length + 6 + 1 + 1);
    for (const resource of Object.values(stateful)) {
      expect(resource).toMatchObject({ DeletionPolicy: policy, UpdateReplacePolicy: policy });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: `churn-watch-${stage}-orders` });
  });

  it.each([
    ['dev', false],
    ['test', false],
    ['prod', true],
  ])('stage %s: deletion protection on every table is %s', (stage, protectedTables) => {
    // Act
    const template = Template.fromStack(createApp({ ...NO_BUNDLING, [STAGE_CONTEXT_KEY]: stage }).stack);

    // Assess: in prod neither a stack deletion nor a DeleteTable call outside CloudFormation drops a table.
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(TABLE_KINDS.length);
    for (const table of tables) {
      expect(table.Properties.DeletionProtectionEnabled ?? false).toBe(protectedTables);
    }
  });

  it('tags the stack and its resources with the app and the stage', () => {
    const { stack } = createApp({ ...NO_BUNDLING, [STAGE_CONTEXT_KEY]: 'prod' });

    Tags.fromStack(stack).hasValues({ app: 'churn-watch', stage: 'prod' });
    const template = Template.fromStack(stack);
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::ApiGateway::RestApi']) {
      template.allResourcesProperties(type, {
        Tags: Match.arrayWith([
          { Key: 'app', Value: 'churn-watch' },
          { Key: 'stage', Value: 'prod' },
        ]),
      });
    }
  });

  it('defaults to the dev stage in Asia/Shanghai', () => {
    const { stack } = createApp(NO_BUNDLING);

    expect(stack.stackName).toBe('ChurnWatch-dev');
    expect(stack.stage).toBe('dev');
    expect(stack.timeZone).toBe('Asia/Shanghai');
  });

  it('spells a valid time zone the canonical way', () => {
    const { stack } = createApp({ ...NO_BUNDLING, [TIME_ZONE_CONTEXT_KEY]: 'asia/shanghai' });

    expect(stack.timeZone).toBe('Asia/Shanghai');
  });

  it.each(['Prod', '1dev', '', 'dev_1', 'a-stage-name-longer-than-16', 42])(
    'refuses the stage %j and says what a stage may look like',
    (stage) => {
      expect(() => createApp({ [STAGE_CONTEXT_KEY]: stage })).toThrow(InvalidContextError);
      expect(() => createApp({ [STAGE_CONTEXT_KEY]: stage })).toThrow(
        /^Invalid context churn-watch:stage=.*lowercase letter first/,
      );
    },
  );

  it.each(['Mars/Olympus_Mons', '+08:00', '', 8])(
    'refuses the time zone %j and names an example of a valid one',
    (timeZone) => {
      expect(() => createApp({ [TIME_ZONE_CONTEXT_KEY]: timeZone })).toThrow(InvalidContextError);
      expect(() => createApp({ [TIME_ZONE_CONTEXT_KEY]: timeZone })).toThrow(
        /^Invalid context churn-watch:timeZone=.*IANA time zone name such as Asia\/Shanghai/,
      );
    },
  );
});

interface SynthesizedResource {
  readonly Type: string;
  readonly Metadata?: Record<string, unknown>;
}

interface CliRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// The user's own AWS setup must not leak in: synth has to work on a machine with no account at all.
function offlineEnv(sandbox: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(sandbox, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(sandbox, 'no-aws-credentials'),
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

function runCdk(args: readonly string[], sandbox: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['cdk', ...args, '--no-notices'], {
      cwd: repoRoot,
      env: offlineEnv(sandbox),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 110_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

describe('cdk synth through the real CLI, offline', () => {
  const sandboxes: string[] = [];

  async function newSandbox(): Promise<string> {
    const sandbox = await mkdtemp(path.join(tmpdir(), 'churn-watch-synth-'));
    sandboxes.push(sandbox);
    return sandbox;
  }

  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes the dev template with no AWS credentials or network', { timeout: 120_000 }, async () => {
    // Prepare
    const sandbox = await newSandbox();
    const outdir = path.join(sandbox, 'cdk.out');

    // Act
    const run = await runCdk(['synth', '--quiet', '-o', outdir], sandbox);

    // Assess
    expect(run.exitCode, run.stderr).toBe(0);
    const template = JSON.parse(await readFile(path.join(outdir, 'ChurnWatch-dev.template.json'), 'utf8'));
    const resources = Object.values(template.Resources) as SynthesizedResource[];
    const types = resources.map((resource) => resource.Type);
    expect(types.filter((type) => type === 'AWS::DynamoDB::Table')).toHaveLength(TABLE_KINDS.length);
    expect(types).toContain('AWS::ApiGateway::Method');
    // esbuild ran locally: no Docker on this machine, and none needed on an admin's.
    const functions = resources.filter((resource) => resource.Type === 'AWS::Lambda::Function');
    // Ingest, evaluator, notifier and the answer links' action function.
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      const assetPath = fn.Metadata?.['aws:asset:path'];
      expect(assetPath).toBeDefined();
      await expect(readFile(path.join(outdir, String(assetPath), 'index.mjs'), 'utf8')).resolves.toMatch(
        /export\s*\{\s*[\w$]+ as handler\s*\}/,
      );
    }
  });

  it('refuses a bad stage with the message alone, no stack trace', { timeout: 120_000 }, async () => {
    const sandbox = await newSandbox();

    const run = await runCdk(
      ['synth', '--quiet', '-o', path.join(sandbox, 'cdk.out'), '-c', `${STAGE_CONTEXT_KEY}=Prod`],
      sandbox,
    );

    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('Invalid context churn-watch:stage="Prod"');
    expect(run.stderr).not.toMatch(/\bat .*create-app\.ts/);
  });
});
