import { aws_sqs as sqs, cx_api, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  ALARM_EMAIL_CONTEXT_KEY,
  createApp,
  EMAIL_FROM_CONTEXT_KEY,
  SES_CONFIGURATION_SET_CONTEXT_KEY,
  STAGE_CONTEXT_KEY,
} from '../../lib/create-app.ts';

// The rules look at the templates, not the bundles.
const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

const DEPLOYMENTS: Record<string, Record<string, unknown>> = {
  'dev, WeCom only (an AWS China region)': {},
  'prod with SES, a configuration set and an alarm address': {
    [STAGE_CONTEXT_KEY]: 'prod',
    [EMAIL_FROM_CONTEXT_KEY]: 'churn-watch <alerts@example.com>',
    [SES_CONFIGURATION_SET_CONTEXT_KEY]: 'churn-watch',
    [ALARM_EMAIL_CONTEXT_KEY]: 'ops@example.com',
  },
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

describe('cdk-nag AwsSolutions', () => {
  it.each(Object.entries(DEPLOYMENTS))('finds nothing unacknowledged in %s', (_, context) => {
    // Prepare
    const { app } = createApp({ ...NO_BUNDLING, ...context });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act / Assess: synthesis stops with the report when any finding is not acknowledged (with a reason,
    // next to the resource: lib/constructs/acknowledge.ts).
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    // Prepare: the stack plus one queue that is neither a dead-letter queue nor has one (AwsSolutions-SQS3)
    const { app, stack } = createApp(NO_BUNDLING);
    new sqs.Queue(stack, 'Unacknowledged', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act / Assess
    expect(() => app.synth()).toThrow(/SQS queue is not used as a dead-letter queue[\s\S]*Unacknowledged/);
  });
});

describe('IAM wildcards', () => {
  it('grants "*" resources only for X-Ray and the log delivery of the state machine, which take no other', () => {
    const { stack } = createApp(NO_BUNDLING);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
    const wildcard = statements.filter((statement) =>
      ([] as unknown[]).concat(statement.Resource).includes('*'),
    );
    expect(wildcard.length).toBeGreaterThan(0);
    for (const statement of wildcard) {
      for (const action of ([] as string[]).concat(statement.Action)) {
        expect(action).toMatch(
          /^xray:|^logs:(\w+LogDeliver(y|ies)|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
        );
      }
    }
    for (const statement of statements) {
      for (const action of ([] as string[]).concat(statement.Action)) expect(action).not.toMatch(/\*$/);
    }
  });
});
