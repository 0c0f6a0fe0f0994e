import { type CfnElement, cx_api } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/create-app.ts';

const NO_BUNDLING = { [cx_api.BUNDLING_STACKS]: [] };

describe("a company's WeCom proxy", () => {
  it('reaches ingest and the notifier from the context value wecomProxyUrls, and a bad one fails the synth', () => {
    // Prepare
    const { stack } = createApp({
      ...NO_BUNDLING,
      wecomProxyUrls: 'https://wecom-proxy.example.com/cgi-bin/webhook/send',
    });

    // Act
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');

    // Assess
    const env = (construct: IConstruct) =>
      functions[stack.getLogicalId(construct.node.defaultChild as CfnElement)]?.Properties.Environment
        .Variables as Record<string, unknown>;
    for (const fn of [stack.ingestApi.function, stack.dailyCycle.notifier]) {
      expect(env(fn).CHURN_WATCH_WECOM_PROXY_URLS).toBe(
        'https://wecom-proxy.example.com/cgi-bin/webhook/send',
      );
    }
    expect(env(stack.dailyCycle.evaluator)).not.toHaveProperty('CHURN_WATCH_WECOM_PROXY_URLS');
    expect(() => createApp({ ...NO_BUNDLING, wecomProxyUrls: 'http://plain.example/' })).toThrow(
      /CHURN_WATCH_WECOM_PROXY_URLS/,
    );
  }, 120_000);
});
