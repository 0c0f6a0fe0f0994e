import type { AttributeDefinition, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { TABLE_KEYS, type TableKind } from '../../contracts/tables.ts';

export {
  DEFAULT_TABLE_PREFIX,
  TABLE_KEYS,
  TABLE_KINDS,
  type TableKey,
  type TableKind,
  type TableNames,
  tableNames,
} from '../../contracts/tables.ts';

export function keySchema(kind: TableKind): { keys: KeySchemaElement[]; attributes: AttributeDefinition[] } {
  const { partitionKey, sortKey } = TABLE_KEYS[kind];
  const keys: KeySchemaElement[] = [{ AttributeName: partitionKey, KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: partitionKey, AttributeType: 'S' }];
  if (sortKey) {
    keys.push({ AttributeName: sortKey, KeyType: 'RANGE' });
    attributes.push({ AttributeName: sortKey, AttributeType: 'S' });
  }
  return { keys, attributes };
}
