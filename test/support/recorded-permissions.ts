import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB API action each document-client command is signed as. */
const API_ACTION: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
};

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/**
 * The IAM actions a call needs, as `table:action`. A transaction needs no action of its own: IAM checks each
 * of its items as the single-item call it stands for (a Put as PutItem, a ConditionCheck as
 * ConditionCheckItem), on that item's table.
 */
function permissionsOf(command: Command): string[] {
  if (command.constructor.name === 'TransactWriteCommand') {
    const items = command.input.TransactItems as Record<string, { TableName: string }>[];
    return items.flatMap((item) =>
      Object.entries(item).map(([kind, action]) => {
        const apiAction = { Put: 'PutItem', Delete: 'DeleteItem', Update: 'UpdateItem' }[kind];
        return `${action.TableName}:${apiAction ?? 'ConditionCheckItem'}`;
      }),
    );
  }
  const names =
    typeof command.input.TableName === 'string'
      ? [command.input.TableName]
      : Object.keys((command.input.RequestItems as object | undefined) ?? {});
  return names.map((name) => `${name}:${API_ACTION[command.constructor.name] ?? command.constructor.name}`);
}

/**
 * A document client that passes every call on and notes the IAM permission it needs as `kind:action`
 * (`orders:PutItem`), the table named by its kind in `tables`: what a function's grants must cover.
 */
export function recordingPermissions(
  doc: DynamoDBDocumentClient,
  tables: Readonly<Record<string, string>>,
): { doc: DynamoDBDocumentClient; used: Set<string> } {
  const kindOf = new Map(Object.entries(tables).map(([kind, name]) => [name, kind]));
  const used = new Set<string>();
  const recording = new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Command) => {
        for (const permission of permissionsOf(command)) {
          const [name, action] = permission.split(':');
          used.add(`${kindOf.get(name ?? '') ?? name}:${action}`);
        }
        return target.send(command as never);
      };
    },
  }) as DynamoDBDocumentClient;
  return { doc: recording, used };
}
