import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Records why a cdk-nag AwsSolutions finding on `scope` is accepted, next to the resource it is about. The
 * test in test/cdk/nag.test.ts runs the rules over the whole app and fails on any finding not acknowledged
 * here, so every exception to the rules is written down with its reason.
 *
 * @param findings finding id (`AwsSolutions-XYZ1`, or `AwsSolutions-IAM5[Resource::…]` for one of several)
 *   → the reason
 */
export function acknowledge(scope: IConstruct, findings: Readonly<Record<string, string>>): void {
  for (const [id, reason] of Object.entries(findings)) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
  }
}
