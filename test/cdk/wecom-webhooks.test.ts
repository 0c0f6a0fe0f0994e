import { App, Duration, cx_api, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WECOM_SECRET_ENV } from '../../functions/adapters/secrets/webhook-vault.ts';
import { ChurnWatchFunction } from '../../lib/constructs/churn-watch-function.ts';
import { WecomWebhooks } from '../../lib/constructs/wecom-webhooks.ts';

// About wiring, not bundles: bundling is skipped, as in the other construct tests.
const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function prepare() {
  const stack = new Stack(new App({ context: NO_BUNDLING }), 'Webhooks');
  const webhooks = new WecomWebhooks(stack, 'WecomWebhooks', {
    stage: 'test',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const fn = new ChurnWatchFunction(stack, 'Notifier', {
    entry: 'functions/entry-points/lambda/notifier.ts',
    stage: 'test',
    timeout: Duration.minutes(1),
  });
  const secretArn = stack.resolve(webhooks.secret.secretArn) as unknown;
  return { stack, webhooks, fn, secretArn };
}

function secretStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('secretsmanager:')));
}

describe('WecomWebhooks', () => {
  it("creates the stage's secret, named after it, holding an empty object and kept as told", () => {
    // Prepare
    const { stack } = prepare();

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'churn-watch/test/wecom-webhooks',
      SecretString: '{}',
    });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('grantRead: passes the secret ARN and allows reading that secret only', () => {
    // Prepare
    const { stack, webhooks, fn, secretArn } = prepare();

    // Act
    webhooks.grantRead(fn);

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [WECOM_SECRET_ENV]: secretArn } },
    });
    const statements = secretStatements(template);
    expect(statements.flatMap((statement) => asArray(statement.Action)).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(statements.map((statement) => statement.Effect)).toEqual(['Allow']);
    expect(statements.flatMap((statement) => asArray(statement.Resource))).toEqual([secretArn]);
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  it('grantReadWrite: adds PutSecretValue on the same secret, nothing broader', () => {
    const { stack, webhooks, fn, secretArn } = prepare();

    webhooks.grantReadWrite(fn);

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [WECOM_SECRET_ENV]: secretArn } },
    });
    const statements = secretStatements(template);
    expect([...new Set(statements.flatMap((statement) => asArray(statement.Action)))].sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]);
    for (const statement of statements) expect(asArray(statement.Resource)).toEqual([secretArn]);
  });
});
