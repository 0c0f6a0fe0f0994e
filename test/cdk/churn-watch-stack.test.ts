import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, aws_lambda as lambda, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Tags, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_TABLE_NAME_ENV, ConfigTable } from '../../lib/constructs/config-table.ts';
import {
  createApp,
  InvalidContextError,
  STAGE_CONTEXT_KEY,
  TIME_ZONE_CONTEXT_KEY,
} from '../../lib/create-app.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('ChurnWatchStack', () => {
  it('keeps the config in an on-demand, encrypted table keyed by pk/sk with point-in-time recovery', () => {
    // Act
    const template = Template.fromStack(createApp().stack);

    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      // CloudFormation names the table, so two stages can live in one account.
      TableName: Match.absent(),
    });
  });

  it('outputs the config table name', () => {
    const template = Template.fromStack(createApp().stack);

    template.hasOutput('ConfigTableName', { Value: { Ref: Match.stringLikeRegexp('^ConfigTable') } });
  });

  it.each([
    ['dev', 'Delete'],
    ['test', 'Delete'],
    ['prod', 'Retain'],
  ])('stage %s gives the table DeletionPolicy %s', (stage, policy) => {
    // Act
    const { stack } = createApp({ [STAGE_CONTEXT_KEY]: stage });

    // Assess
    expect(stack.stackName).toBe(`ChurnWatch-${stage}`);
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: policy,
      UpdateReplacePolicy: policy,
    });
  });

  it('tags the stack and its resources with the app and the stage', () => {
    const { stack } = createApp({ [STAGE_CONTEXT_KEY]: 'prod' });

    Tags.fromStack(stack).hasValues({ app: 'churn-watch', stage: 'prod' });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([
        { Key: 'app', Value: 'churn-watch' },
        { Key: 'stage', Value: 'prod' },
      ]),
    });
  });

  it('defaults to the dev stage in Asia/Shanghai', () => {
    const { stack } = createApp();

    expect(stack.stackName).toBe('ChurnWatch-dev');
    expect(stack.stage).toBe('dev');
    expect(stack.timeZone).toBe('Asia/Shanghai');
  });

  it('spells a valid time zone the canonical way', () => {
    const { stack } = createApp({ [TIME_ZONE_CONTEXT_KEY]: 'asia/shanghai' });

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

describe('ConfigTable.bindTo', () => {
  function prepare() {
    const stack = new Stack(new App(), 'BindTo');
    const config = new ConfigTable(stack, 'Config', { removalPolicy: RemovalPolicy.DESTROY });
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    const tableRef = stack.resolve(config.table.tableName);
    return { stack, config, fn, tableRef };
  }

  function grantedActions(template: Template): string[] {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    return policies.flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) =>
        Array.isArray(statement.Action) ? statement.Action : [statement.Action],
      ),
    );
  }

  it('read: passes the table name and grants reads only', () => {
    // Prepare
    const { stack, config, fn, tableRef } = prepare();

    // Act
    config.bindTo(fn, 'read');

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [CONFIG_TABLE_NAME_ENV]: tableRef } },
    });
    const actions = grantedActions(template);
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
  });

  it('readWrite: passes the table name and grants reads and writes', () => {
    const { stack, config, fn, tableRef } = prepare();

    config.bindTo(fn, 'readWrite');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [CONFIG_TABLE_NAME_ENV]: tableRef } },
    });
    const actions = grantedActions(template);
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions).toContain('dynamodb:UpdateItem');
  });

  it('grants an alias access through its function role without touching the environment', () => {
    const { stack, config, fn } = prepare();
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });

    config.bindTo(alias, 'read');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: Match.absent() });
    expect(grantedActions(template)).toContain('dynamodb:GetItem');
  });
});

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
    expect(Object.values(template.Resources).map((r) => (r as { Type: string }).Type)).toContain(
      'AWS::DynamoDB::Table',
    );
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
