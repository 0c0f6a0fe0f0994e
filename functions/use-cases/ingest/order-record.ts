import { createHash } from 'node:crypto';
import * as z from 'zod';
import { type Day, formatDay } from '../../core/days.ts';
import { type Minor, withinOrderTotals } from '../../core/money.ts';
import { type OrderFact, orderFactFromLines } from '../../core/profile.ts';
import {
  dayField,
  moneyField,
  type OrderLine,
  type OrderStatus,
  optionalId,
  optionalText,
  quantityField,
  refuseSignMismatch,
  requiredId,
  statusField,
} from '../../core/records.ts';
import type { CustomIssueParams } from '../../core/validation.ts';

/**
 * An order as the ingest API takes it: `{orderId, customerId, orderDate, amount | lines[{sku, quantity,
 * amount, status?, productName?}], status, repId, customerName?}`. The order id is the natural key:
 * delivering the same order again replaces it, which is what makes retries harmless.
 */
export interface StoredOrder {
  customerId: string;
  orderId: string;
  day: Day;
  status: OrderStatus;
  repId?: string | undefined;
  /** The shop's name on the order (客户名称), kept for customers master data names no name for. */
  customerName?: string | undefined;
  lines: StoredOrderLine[];
  fact: OrderFact;
  /** Fingerprint of the content: equal hashes mean the same order was delivered again. */
  hash: string;
}

export interface StoredOrderLine {
  sku?: string | undefined;
  quantity?: number | undefined;
  amount: Minor;
  status: OrderStatus;
  /** The SKU's name (商品名称), which digests show instead of the code. */
  productName?: string | undefined;
}

const lineSchema = z
  .object({
    sku: optionalId(),
    quantity: quantityField,
    amount: moneyField,
    status: z.preprocess((value) => (value === '' ? undefined : value), statusField.optional()),
    productName: optionalText(),
  })
  .superRefine(refuseSignMismatch);

const schemas = new Map<string, z.ZodType<StoredOrder>>();

export function orderRecordSchema(timeZone: string): z.ZodType<StoredOrder> {
  const cached = schemas.get(timeZone);
  if (cached) return cached;
  const schema = z
    .object({
      orderId: requiredId(),
      customerId: requiredId(),
      orderDate: dayField(timeZone),
      amount: z.preprocess(
        (value) => (value === '' || value === null ? undefined : value),
        moneyField.optional(),
      ),
      lines: z.array(lineSchema).min(1).max(1000).optional(),
      status: statusField,
      repId: optionalId(),
      customerName: optionalText(),
    })
    .superRefine((order, ctx) => {
      if (order.lines === undefined && order.amount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message: 'amount or lines is required',
          params: { problem: { code: 'amount-or-lines' } } satisfies CustomIssueParams,
        });
      }
      if (order.lines && !withinOrderTotals(order.lines.map((line) => line.amount))) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines'],
          message: 'order-total',
          params: { reason: 'order-total' } satisfies CustomIssueParams,
        });
        return;
      }
      if (order.lines && order.amount !== undefined) {
        const sum = order.lines.reduce((total, line) => total + line.amount, 0);
        if (sum !== order.amount) {
          ctx.addIssue({
            code: 'custom',
            path: ['amount'],
            message: 'amount differs from the sum of the lines',
            params: { problem: { code: 'amount-not-sum', sum: sum as Minor } } satisfies CustomIssueParams,
          });
        }
      }
    })
    .transform((order): StoredOrder => {
      const lines = (order.lines ?? [{ amount: order.amount as Minor }]).map((line): StoredOrderLine => ({
        sku: 'sku' in line ? line.sku : undefined,
        quantity: 'quantity' in line ? line.quantity : undefined,
        amount: line.amount,
        status: ('status' in line ? line.status : undefined) ?? order.status,
        ...('productName' in line && line.productName !== undefined ? { productName: line.productName } : {}),
      }));
      return storedOrder({ ...order, day: order.orderDate, lines });
    });
  schemas.set(timeZone, schema);
  return schema;
}

/** The stored form of an order, with its fact and fingerprint. */
export function storedOrder(order: Omit<StoredOrder, 'fact' | 'hash'>): StoredOrder {
  const orderLines: OrderLine[] = order.lines.map((line) => ({
    orderId: order.orderId,
    customerId: order.customerId,
    day: order.day,
    amount: line.amount,
    sku: line.sku,
    quantity: line.quantity,
    repId: order.repId,
    status: line.status,
    customerName: order.customerName,
    productName: line.productName,
  }));
  // Names join the fingerprint only when there are any, so an order stored before names were kept is still
  // the same order when a file without names is imported again; a file that adds them updates it.
  const canonical = JSON.stringify([
    order.customerId,
    order.orderId,
    order.day,
    order.status,
    order.repId ?? null,
    // Sorted: a re-export listing the same lines in another order is the same order.
    order.lines
      .map((line) =>
        JSON.stringify([
          line.sku ?? null,
          line.quantity ?? null,
          line.amount,
          line.status,
          ...(line.productName === undefined ? [] : [line.productName]),
        ]),
      )
      .sort(),
    ...(order.customerName === undefined ? [] : [order.customerName]),
  ]);
  return {
    customerId: order.customerId,
    orderId: order.orderId,
    day: order.day,
    status: order.status,
    repId: order.repId,
    ...(order.customerName === undefined ? {} : { customerName: order.customerName }),
    lines: order.lines,
    fact: orderFactFromLines(orderLines),
    hash: createHash('sha256').update(canonical).digest('base64url').slice(0, 22),
  };
}

/**
 * Order records from the lines of a CSV export: lines sharing customer, order id and day form one order.
 * An order id seen on a second day (a return booked later under the original number) becomes its own
 * record `ORDERID@YYYY-MM-DD`, a key that is the same on every import of the file.
 */
export function ordersFromLines(lines: readonly OrderLine[]): StoredOrder[] {
  const groups = new Map<string, OrderLine[]>();
  const firstDay = new Map<string, Day>();
  for (const line of lines) {
    const key = `${line.customerId}\u0000${line.orderId}\u0000${line.day}`;
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
    const seen = firstDay.get(line.orderId);
    if (seen === undefined || line.day < seen) firstDay.set(line.orderId, line.day);
  }
  const orders: StoredOrder[] = [];
  for (const group of groups.values()) {
    const first = group[0] as OrderLine;
    const orderId =
      firstDay.get(first.orderId) === first.day ? first.orderId : `${first.orderId}@${formatDay(first.day)}`;
    const statuses = new Set(group.map((line) => line.status));
    orders.push(
      storedOrder({
        customerId: first.customerId,
        orderId,
        day: first.day,
        status: statuses.size === 1 ? first.status : 'placed',
        repId: group.find((line) => line.repId !== undefined)?.repId,
        customerName: group.find((line) => line.customerName !== undefined)?.customerName,
        lines: group.map((line) => ({
          sku: line.sku,
          quantity: line.quantity,
          amount: line.amount,
          status: line.status,
          ...(line.productName === undefined ? {} : { productName: line.productName }),
        })),
      }),
    );
  }
  return orders;
}
