import * as z from 'zod';
import { type Day, isValidTimeZone, parseDay } from './days.ts';
import { FOLLOW_UP_ACTIONS, type FollowUpAction } from './follow-up.ts';
import {
  ACTION_SPELLINGS,
  CHANNEL_SPELLINGS,
  REASON_SPELLINGS,
  ROLE_SPELLINGS,
  STATUS_SPELLINGS,
} from './input-spellings.ts';
import { parseLocale } from './locale.ts';
import { type Minor, parseMoney } from './money.ts';
import type { CustomIssueParams, ValueProblem } from './validation.ts';

/**
 * The records churn-watch accepts, whether they come from a CSV export (every value a string) or the ingest
 * API (JSON). Each schema names the record's fields in camelCase, as the API does; CSV headers are mapped
 * onto these names before validation, so both paths share one definition of "valid".
 */

export type OrderStatus = 'placed' | 'cancelled' | 'returned';
export type RepRole = 'rep' | 'manager';
export type Channel = 'email' | 'wecom';

const fail = (ctx: z.RefinementCtx, reason: ValueProblem): never => {
  ctx.addIssue({ code: 'custom', message: reason, params: { reason } });
  return z.NEVER;
};

/** CSV cells arrive as strings and API values as numbers or strings: trim, and treat blank as missing. */
const cell = (value: unknown): unknown => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value === null ? undefined : value;
};

export const requiredText = (max = 128) => z.preprocess(cell, z.string().max(max));
export const optionalText = (max = 256) => z.preprocess(cell, z.string().max(max).optional());

/**
 * An id (order, customer, rep, SKU …) may come as a JSON number, but only while the number is exact: JSON.parse
 * turns 90071992547409931 into 90071992547409940 before any schema sees it, and two orders would then share
 * one key. Such a number is refused (the sender is told to send ids as strings) rather than stored rounded.
 */
const idCell = (value: unknown, ctx: z.RefinementCtx): unknown =>
  typeof value === 'number' && !Number.isSafeInteger(value) ? fail(ctx, 'id-number') : cell(value);

export const requiredId = (max = 128) => z.preprocess(idCell, z.string().max(max));
export const optionalId = (max = 256) => z.preprocess(idCell, z.string().max(max).optional());

export const moneyField = z.preprocess(
  cell,
  z.string().transform((text, ctx): Minor => {
    const parsed = parseMoney(text);
    return parsed.ok ? parsed.minor : fail(ctx, `money-${parsed.reason}`);
  }),
);

export const dayField = (timeZone: string) =>
  z.preprocess(
    cell,
    z.string().transform((text, ctx): Day => {
      const parsed = parseDay(text, timeZone);
      return parsed.ok ? parsed.day : fail(ctx, `date-${parsed.reason}`);
    }),
  );

export const quantityField = z.preprocess(
  cell,
  z
    .string()
    .transform((text, ctx): number => {
      // Grouping commas only (1,200), as for money: "1,0,0" is a typo, not a hundred.
      if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) return fail(ctx, 'number');
      const value = Number(text.replace(/,/g, ''));
      return Number.isFinite(value) ? value + 0 : fail(ctx, 'number');
    })
    .optional(),
);

const STATUS_ALIASES: Readonly<Record<string, OrderStatus>> = STATUS_SPELLINGS;

export const statusField = z.preprocess(
  cell,
  z
    .string()
    .transform((text, ctx): OrderStatus => STATUS_ALIASES[text.toLowerCase()] ?? fail(ctx, 'status'))
    .optional()
    .transform((status): OrderStatus => status ?? 'placed'),
);

/**
 * A line with a negative quantity is goods coming back; its amount is money going back, so negative too (or
 * zero, for free goods). A positive amount on it would count the return as a sale.
 */
export function refuseSignMismatch(
  line: { quantity?: number | undefined; amount: Minor },
  ctx: z.RefinementCtx,
): void {
  if (line.quantity !== undefined && line.quantity < 0 && line.amount > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['quantity'],
      message: 'quantity-sign',
      params: { reason: 'quantity-sign' },
    });
  }
}

/** One line of an order as it reaches the core: day already in the configured zone, amount in minor units. */
export interface OrderLine {
  orderId: string;
  customerId: string;
  day: Day;
  /** Minor units; negative for a returned line. */
  amount: Minor;
  sku?: string | undefined;
  quantity?: number | undefined;
  repId?: string | undefined;
  status: OrderStatus;
  /** The shop's name as the export spells it (客户名称); master data, when it has one, wins over it. */
  customerName?: string | undefined;
  /** The SKU's name as the export spells it (商品名称), shown in digests instead of the bare code. */
  productName?: string | undefined;
}

const orderLineSchemas = new Map<string, z.ZodType<OrderLine>>();

/** A CSV row of an order export: either a whole order or one line of it (rows sharing `orderId`). */
export function orderLineSchema(timeZone: string): z.ZodType<OrderLine> {
  let schema = orderLineSchemas.get(timeZone);
  if (!schema) {
    schema = z
      .object({
        orderId: requiredId(),
        customerId: requiredId(),
        orderDate: dayField(timeZone),
        amount: moneyField,
        sku: optionalId(),
        quantity: quantityField,
        repId: optionalId(),
        status: statusField,
        customerName: optionalText(),
        productName: optionalText(),
      })
      .superRefine(refuseSignMismatch)
      .transform(({ orderDate, ...rest }) => ({ ...rest, day: orderDate }));
    orderLineSchemas.set(timeZone, schema);
  }
  return schema;
}

export interface Customer {
  customerId: string;
  name?: string | undefined;
  repId?: string | undefined;
}

// z.lazy: built on the first row parsed, not at import (evaluate, reading no master data, never builds it).
export const customerSchema: z.ZodType<Customer> = z.lazy(() =>
  z.object({
    customerId: requiredId(),
    name: optionalText(),
    repId: optionalId(),
  }),
);

const ROLE_ALIASES: Readonly<Record<string, RepRole>> = ROLE_SPELLINGS;

const CHANNEL_ALIASES: Readonly<Record<string, Channel>> = CHANNEL_SPELLINGS;

export interface Rep {
  repId: string;
  name?: string | undefined;
  role: RepRole;
  managerId?: string | undefined;
  channel?: Channel | undefined;
  email?: string | undefined;
  /** A full webhook URL; it holds the robot's key, so it is a secret and never logged. */
  wecomWebhook?: string | undefined;
  wecomUserid?: string | undefined;
  locale?: 'zh-CN' | 'en' | undefined;
}

// z.lazy: built on first use, like customerSchema.
export const repSchema: z.ZodType<Rep> = z.lazy(() =>
  z.object({
    repId: requiredId(),
    name: optionalText(),
    role: z.preprocess(
      cell,
      z
        .string()
        .transform((text, ctx): RepRole => ROLE_ALIASES[text.toLowerCase()] ?? fail(ctx, 'role'))
        .optional()
        .transform((role): RepRole => role ?? 'rep'),
    ),
    managerId: optionalId(),
    channel: z.preprocess(
      cell,
      z
        .string()
        .transform((text, ctx): Channel => CHANNEL_ALIASES[text.toLowerCase()] ?? fail(ctx, 'channel'))
        .optional(),
    ),
    email: z.preprocess(
      cell,
      z
        .string()
        .refine((text) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text), { params: { reason: 'email' } })
        .optional(),
    ),
    wecomWebhook: z.preprocess(
      cell,
      z
        .string()
        .refine((text) => /^https?:\/\/[^\s]+$/i.test(text) && URL.canParse(text), {
          params: { reason: 'url' },
        })
        .optional(),
    ),
    wecomUserid: optionalId(),
    locale: z.preprocess(
      cell,
      z
        .string()
        .transform((text, ctx) => parseLocale(text) ?? fail(ctx, 'locale'))
        .optional(),
    ),
  }),
);

/** A dated fact about a customer: a visit, a coupon or a complaint. */
export interface CustomerEvent {
  customerId: string;
  day: Day;
  repId?: string | undefined;
}

const eventSchemas = new Map<string, z.ZodType<CustomerEvent>>();

/** Visits (`visitDate`), coupons (`issuedAt`) and complaints (`complaintDate`) share one shape. */
export function customerEventSchema(
  dateField: 'visitDate' | 'issuedAt' | 'complaintDate',
  timeZone: string,
): z.ZodType<CustomerEvent> {
  const key = `${dateField}|${timeZone}`;
  const cached = eventSchemas.get(key);
  if (cached) return cached;
  const schema = z
    .object({ customerId: requiredId(), repId: optionalId() })
    .extend({ [dateField]: dayField(timeZone) } as { date: ReturnType<typeof dayField> })
    .transform((row): CustomerEvent => {
      const day = (row as unknown as Record<string, Day>)[dateField] as Day;
      return { customerId: row.customerId, day, repId: row.repId };
    });
  eventSchemas.set(key, schema);
  return schema;
}

/**
 * A rep's answer to a warning as `churn-watch answers --format csv` writes it, read back by `backtest
 * --answers`: who answered what about which customer's warning, and on which day. Reason, rep and instant are
 * kept for the reader; the backtest needs the customer, the action, the episode and the day.
 */
export interface AnswerRecord {
  customerId: string;
  /** The warning episode's first day. */
  episode: Day;
  action: FollowUpAction;
  /** For `not_real`: a built-in reason's id, or the admin's own text; null when none is given. */
  reason: string | null;
  repId?: string | undefined;
  answeredAt?: string | undefined;
  /** The distributor's calendar day the answer was given on. */
  day: Day;
}

/** Actions by id and by their words in either language, lower-cased: a hand-made file may use any of them. */
const ACTION_ALIASES = new Map<string, FollowUpAction>(
  FOLLOW_UP_ACTIONS.flatMap((action) =>
    [action, ...ACTION_SPELLINGS[action]].map((name) => [name.toLowerCase(), action] as const),
  ),
);
const REASON_IDS = new Map<string, string>(
  Object.entries(REASON_SPELLINGS).flatMap(([id, names]) =>
    [id, ...names].map((name) => [name.toLowerCase(), id] as const),
  ),
);

// Built with the answers schema that uses it, not at import.
const actionField = () =>
  z.preprocess(
    cell,
    z.string().transform((text, ctx): FollowUpAction => {
      const action = ACTION_ALIASES.get(text.toLowerCase());
      if (action) return action;
      ctx.addIssue({
        code: 'custom',
        message: 'action',
        params: { problem: { code: 'unknown-action' } } satisfies CustomIssueParams,
      });
      return z.NEVER;
    }),
  );

const answerSchemas = new Map<string, z.ZodType<AnswerRecord>>();

/** A row of an answers file; an answer dated before its warning began is refused (the columns are swapped). */
export function answerRecordSchema(timeZone: string): z.ZodType<AnswerRecord> {
  let schema = answerSchemas.get(timeZone);
  if (!schema) {
    schema = z
      .object({
        customerId: requiredId(),
        episode: dayField(timeZone),
        action: actionField(),
        reason: optionalText(),
        repId: optionalId(),
        answeredAt: optionalText(64),
        day: dayField(timeZone),
      })
      .superRefine((row, ctx) => {
        if (row.day < row.episode) {
          ctx.addIssue({
            code: 'custom',
            path: ['day'],
            message: 'before-episode',
            params: { problem: { code: 'answer-before-warning' } } satisfies CustomIssueParams,
          });
        }
      })
      .transform(({ reason, ...rest }): AnswerRecord => ({
        ...rest,
        reason: reason === undefined ? null : (REASON_IDS.get(reason.toLowerCase()) ?? reason),
      }));
    answerSchemas.set(timeZone, schema);
  }
  return schema;
}

export const timeZoneSchema = z
  .string()
  .refine((zone) => isValidTimeZone(zone), { params: { reason: 'time-zone' satisfies ValueProblem } });
