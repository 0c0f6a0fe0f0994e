import { App, aws_lambda as lambda, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_KINDS, type TableKind } from '../../functions/adapters/dynamodb/tables.ts';
import { DataTables, TABLE_PREFIX_ENV } from '../../lib/constructs/data-tables.ts';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

function prepare() {
  const stack = new Stack(new App(), 'BindTo');
  const tables = new DataTables(stack, 'Tables', { stage: 'test', removalPolicy: RemovalPolicy.DESTROY });
  // An inline function: these checks are about the binding, not the bundling.
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  const tableArn = (kind: TableKind): unknown => stack.resolve(tables.tables[kind].tableArn);
  return { stack, tables, fn, tableArn };
}

function dynamoStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
    .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** CloudFormation references compared by value, once each. */
function distinct(values: readonly unknown[]): string[] {
  return [...new Set(values.map((value) => JSON.stringify(value)))].sort();
}

function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

describe('DataTables', () => {
  it('names every table after the stage, so the prefix alone finds them', () => {
    const { tables } = prepare();

    expect(tables.prefix).toBe('churn-watch-test-');
    for (const kind of TABLE_KINDS) {
      expect(tables.tableName(kind)).toBe(`churn-watch-test-${kind}`);
    }
  });
});

describe('DataTables.bindTo', () => {
  it('read: passes the table prefix and grants reads only, on the named tables only', () => {
    // Prepare
    const { stack, tables, fn, tableArn } = prepare();

    // Act
    tables.bindTo(fn, { profiles: 'read', config: 'read' });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [TABLE_PREFIX_ENV]: 'churn-watch-test-' } },
    });
    const statements = dynamoStatements(template);
    const actions = statements.flatMap(actionsOf);
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
    expect(distinct(statements.flatMap(resourcesOf))).toEqual(
      distinct([tableArn('profiles'), tableArn('config')]),
    );
  });

  it('actions: grants exactly the listed ones on each table, once each, and nothing on the others', () => {
    // Prepare
    const { stack, tables, fn, tableArn } = prepare();

    // Act
    tables.bindTo(fn, {
      orders: ['BatchGetItem', 'BatchWriteItem', 'BatchGetItem'],
      profiles: ['GetItem', 'PutItem'],
    });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [TABLE_PREFIX_ENV]: 'churn-watch-test-' } },
    });
    const statements = dynamoStatements(template);
    const on = (kind: TableKind) =>
      statements
        .filter((statement) => distinct(resourcesOf(statement)).includes(JSON.stringify(tableArn(kind))))
        .flatMap(actionsOf)
        .sort();
    expect(on('orders')).toEqual(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']);
    expect(on('profiles')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(distinct(statements.flatMap(resourcesOf))).toEqual(
      distinct([tableArn('orders'), tableArn('profiles')]),
    );
  });

  it('binding twice adds the second set of tables under the same prefix', () => {
    const { stack, tables, fn, tableArn } = prepare();

    tables.bindTo(fn, { alerts: 'read' });
    tables.bindTo(fn, { deliveries: ['GetItem', 'PutItem'] });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [TABLE_PREFIX_ENV]: 'churn-watch-test-' } },
    });
    const writes = dynamoStatements(template).filter((statement) =>
      actionsOf(statement).includes('dynamodb:PutItem'),
    );
    expect(distinct(writes.flatMap(resourcesOf))).toEqual(distinct([tableArn('deliveries')]));
  });
});
