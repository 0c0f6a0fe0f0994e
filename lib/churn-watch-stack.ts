import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ConfigTable } from './constructs/config-table.ts';

export interface ChurnWatchStackProps extends StackProps {
  /** Deployment stage, e.g. `dev` or `prod`; only `prod` keeps its data when the stack is deleted. */
  readonly stage: string;
  /** IANA time zone in which calendar days and schedules are counted, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
}

/** The whole product on AWS: one stack, one construct per concern. */
export class ChurnWatchStack extends Stack {
  readonly stage: string;
  readonly timeZone: string;
  readonly configTable: ConfigTable;

  constructor(scope: Construct, id: string, props: ChurnWatchStackProps) {
    super(scope, id, props);
    this.stage = props.stage;
    this.timeZone = props.timeZone;

    Tags.of(this).add('app', 'churn-watch');
    Tags.of(this).add('stage', props.stage);

    // Customer history cannot be rebuilt from anywhere else once the distributor's ERP has purged it, so
    // production data outlives the stack; other stages are throwaway.
    const removalPolicy = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.configTable = new ConfigTable(this, 'ConfigTable', { removalPolicy });

    new CfnOutput(this, 'ConfigTableName', {
      value: this.configTable.table.tableName,
      description: 'DynamoDB table holding the churn thresholds and schedule times',
    });
  }
}
