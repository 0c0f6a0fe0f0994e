import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../core/records.ts';
import { scanItems } from './scan.ts';

/** A customers-table item as master data: its id, and the name and rep when they are text. */
export function customerFromItem(item: Record<string, unknown>): Customer {
  return {
    customerId: String(item.customerId),
    ...(typeof item.name === 'string' ? { name: item.name } : {}),
    ...(typeof item.repId === 'string' ? { repId: item.repId } : {}),
  };
}

/** Every customer of the master data, by id. */
export async function readAllCustomers(
  doc: DynamoDBDocumentClient,
  table: string,
): Promise<Map<string, Customer>> {
  const customers = new Map<string, Customer>();
  for await (const item of scanItems(doc, table)) {
    const customer = customerFromItem(item);
    customers.set(customer.customerId, customer);
  }
  return customers;
}
