import { aws_dynamodb as dynamodb, type aws_lambda as lambda, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  TABLE_KEYS,
  TABLE_KINDS,
  TABLE_PREFIX_ENV,
  type TableKind,
} from '../../functions/contracts/tables.ts';

/** The variable the runtime derives every table name from (`${prefix}${kind}`), on AWS as against dynalite. */
export { TABLE_PREFIX_ENV };

/** The DynamoDB API calls a function can be allowed on a table, by their API names (`dynamodb:<action>`). */
export type TableAction =
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem'
  | 'DeleteItem'
  | 'DescribeTable'
  | 'GetItem'
  | 'PutItem'
  | 'Query'
  | 'Scan'
  | 'UpdateItem';

/**
 * What a function may do on one table: `'read'` (CDK's read grant: GetItem, BatchGetItem, Query, Scan,
 * DescribeTable, ConditionCheckItem and the stream reads), or exactly the listed actions. There is no
 * read-write shorthand on purpose: CDK's would add DeleteItem and UpdateItem, which no function here calls,
 * so every write a function may make is spelled out next to the code that makes it.
 */
export type TableAccess = 'read' | readonly TableAction[];

/** Per table kind, what one function may do there; a kind left out is out of its reach. */
export type TablePermissions = Readonly<Partial<Record<TableKind, TableAccess>>>;

/** The config table's TTL attribute (epoch seconds), set on temporary items only. */
export const TEMPORARY_ITEM_TTL_ATTRIBUTE = 'expiresAt';

export interface DataTablesProps {
  /** Deployment stage; part of every table name, so the stages of one account keep apart. */
  readonly stage: string;
  /**
   * Decided once per stage by the stack, so every stateful construct keeps or drops its data alike. With
   * `RETAIN` the tables are also deletion-protected.
   */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Every DynamoDB table of the product, one per kind of record (the reasons and access patterns are in
 * `functions/adapters/dynamodb/tables.ts`, which also owns the kinds and keys, so AWS and the local runtime
 * cannot disagree on them).
 *
 * @example
 * const tables = new DataTables(this, 'DataTables', { stage: 'dev', removalPolicy: RemovalPolicy.DESTROY });
 * tables.bindTo(evaluatorFunction, { profiles: 'read', alerts: ['BatchGetItem', 'BatchWriteItem'] });
 */
export class DataTables extends Construct {
  /** What `CHURN_WATCH_TABLE_PREFIX` is set to, e.g. `churn-watch-dev-`. */
  readonly prefix: string;
  readonly tables: Readonly<Record<TableKind, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.prefix = `churn-watch-${props.stage}-`;
    const tables: Partial<Record<TableKind, dynamodb.Table>> = {};
    for (const kind of TABLE_KINDS) {
      tables[kind] = this.createTable(kind, props.removalPolicy);
    }
    this.tables = tables as Record<TableKind, dynamodb.Table>;
  }

  /** The physical name of one table, e.g. `churn-watch-dev-orders`. */
  tableName(kind: TableKind): string {
    return `${this.prefix}${kind}`;
  }

  /**
   * Gives `fn` the table prefix and, per table, exactly the access in `grants`, in one call, so the
   * environment and the grants cannot drift apart, and a function reaches no table it was not bound to.
   */
  bindTo(fn: lambda.Function, grants: TablePermissions): void {
    fn.addEnvironment(TABLE_PREFIX_ENV, this.prefix);
    for (const [kind, access] of Object.entries(grants) as [TableKind, TableAccess][]) {
      const table = this.tables[kind];
      if (access === 'read') {
        table.grants.readData(fn);
      } else if (access.length > 0) {
        table.grants.actions(fn, ...[...new Set(access)].map((action) => `dynamodb:${action}`));
      }
    }
  }

  private createTable(kind: TableKind, removalPolicy: RemovalPolicy): dynamodb.Table {
    const { partitionKey, sortKey } = TABLE_KEYS[kind];
    return new dynamodb.Table(this, kind.charAt(0).toUpperCase() + kind.slice(1), {
      // Fixed names, not CloudFormation's: the runtime finds all eight tables from one prefix, the same way
      // it does against dynalite, and the CLI can be pointed at a stage with nothing but that prefix. What a
      // fixed name costs is what CloudFormation then refuses: a second stack of the same stage in one account
      // and region, and replacing a table (a key change). Neither is wanted here: the stage in the name keeps
      // stages apart, and a key change is a data migration, never a silent replacement of customer history.
      tableName: this.tableName(kind),
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      ...(sortKey ? { sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING } } : {}),
      // Ingest comes in bursts (an ERP's nightly export, a bulk import) and the evaluator runs once a day:
      // provisioned capacity would sit idle most of the day and throttle exactly when the data arrives.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // A bad import, a bad threshold change or a bug in profile upkeep is the likeliest way to lose data;
      // PITR lets an admin restore to the minute before it.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Temporary items (a fanned-out run's tier keys) carry `expiresAt` in epoch seconds, so what a failed
      // run leaves behind goes away by itself; items without it are kept.
      ...(kind === 'config' ? { timeToLiveAttribute: TEMPORARY_ITEM_TTL_ATTRIBUTE } : {}),
      removalPolicy,
      // Where the data outlives the stack (prod), it also outlives a mistaken `aws dynamodb delete-table` or
      // console click: DynamoDB refuses to delete the table until an admin turns the protection off.
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    });
  }
}
