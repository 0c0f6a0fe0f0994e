import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DataTables, TABLE_PREFIX_ENV } from './constructs/data-tables.ts';
import { IngestApi } from './constructs/ingest-api.ts';

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
  readonly dataTables: DataTables;
  readonly ingestApi: IngestApi;

  constructor(scope: Construct, id: string, props: ChurnWatchStackProps) {
    super(scope, id, props);
    this.stage = props.stage;
    this.timeZone = props.timeZone;

    Tags.of(this).add('app', 'churn-watch');
    Tags.of(this).add('stage', props.stage);

    // Customer history cannot be rebuilt from anywhere else once the distributor's ERP has purged it, so
    // production data outlives the stack; other stages are throwaway.
    const removalPolicy = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.dataTables = new DataTables(this, 'DataTables', { stage: props.stage, removalPolicy });
    this.ingestApi = new IngestApi(this, 'IngestApi', {
      stage: props.stage,
      timeZone: props.timeZone,
      tables: this.dataTables,
      removalPolicy,
    });

    new CfnOutput(this, 'TablePrefix', {
      value: this.dataTables.prefix,
      description: `Set ${TABLE_PREFIX_ENV} to this to point the churn-watch CLI at this stage's tables`,
    });
    new CfnOutput(this, 'ConfigTableName', {
      value: this.dataTables.tables.config.tableName,
      description: 'DynamoDB table holding the churn thresholds and schedule times',
    });
    new CfnOutput(this, 'IngestApiUrl', {
      value: this.ingestApi.ingestUrl,
      description:
        'ERPs POST {"records": [...]} to <this URL>/<kind>, e.g. /orders, with an x-api-key header',
    });
    new CfnOutput(this, 'IngestApiKeyId', {
      value: this.ingestApi.apiKey.keyId,
      description:
        'The ERP API key (id only; read the value with aws apigateway get-api-key --api-key <id> --include-value)',
    });
  }
}
