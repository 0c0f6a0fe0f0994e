import { describe, expect, it } from 'vitest';
import {
  customerEventSchema,
  customerSchema,
  orderLineSchema,
  repSchema,
} from '../../functions/core/records.ts';
import { toFieldIssues } from '../../functions/core/validation.ts';
import { describeFieldIssue } from '../../functions/text/problems.ts';
import { day } from './helpers.ts';

const orders = orderLineSchema('Asia/Shanghai');
const issuesOf = (input: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'en') => {
  const result = orders.safeParse(input);
  return result.success
    ? []
    : toFieldIssues(result.error, input).map((issue) => describeFieldIssue(issue, locale));
};

describe('order lines', () => {
  const base = { orderId: 'SO1', customerId: 'C1', orderDate: '2026-11-01', amount: '10.00' };

  it('accepts API JSON and CSV strings alike, with Chinese statuses', () => {
    expect(orders.parse({ ...base, amount: 10, quantity: 3, status: '已退货' })).toEqual({
      orderId: 'SO1',
      customerId: 'C1',
      amount: 1000,
      quantity: 3,
      status: 'returned',
      day: day('2026-11-01'),
    });
    expect(orders.parse({ ...base, status: '' }).status).toBe('placed');
    expect(orders.parse({ ...base, quantity: '1,200' }).quantity).toBe(1200);
  });

  it('names each bad field', () => {
    expect(issuesOf({ ...base, quantity: '1,0,0', status: 'lost' })).toEqual([
      { field: 'quantity', message: 'must be a number' },
      { field: 'status', message: 'must be placed, cancelled or returned (已下单/已取消/已退货)' },
    ]);
    expect(issuesOf({ ...base, orderId: '  ', orderDate: '0224-03-05' }, 'zh-CN')).toEqual([
      { field: 'orderId', message: '不能为空' },
      { field: 'orderDate', message: '年份不合理（应在 1900–2199 之间）' },
    ]);
  });
});

describe('reps and events', () => {
  it('reads reps with Chinese roles and channels and checks addresses', () => {
    expect(
      repSchema.parse({ repId: 'M01', role: '经理', channel: '企业微信', locale: '英文' }),
    ).toMatchObject({
      role: 'manager',
      channel: 'wecom',
      locale: 'en',
    });
    const bad = repSchema.safeParse({ repId: 'R1', email: 'nobody', wecomWebhook: 'qyapi.weixin.qq.com/x' });
    expect(bad.success || toFieldIssues(bad.error).map((issue) => issue.field)).toEqual([
      'email',
      'wecomWebhook',
    ]);
  });

  it('reads visits on their calendar day', () => {
    expect(
      customerEventSchema('visitDate', 'Asia/Shanghai').parse({ customerId: 'C1', visitDate: '2026/11/1' }),
    ).toEqual({
      customerId: 'C1',
      day: day('2026-11-01'),
      repId: undefined,
    });
  });
});

describe('ids', () => {
  const base = { orderId: 'SO1', customerId: 'C1', orderDate: '2026-11-01', amount: '10.00' };
  const customers = (input: Record<string, unknown>) => {
    const result = customerSchema.safeParse(input);
    return result.success ? [] : toFieldIssues(result.error, input).map((issue) => issue.field);
  };

  it('takes ids as strings, or as numbers while they are exact', () => {
    expect(orders.parse({ ...base, orderId: 9007199254740991, customerId: 42 })).toMatchObject({
      orderId: '9007199254740991',
      customerId: '42',
    });
    // Already a string, however long: nothing rounds it.
    expect(orders.parse({ ...base, orderId: '90071992547409931' }).orderId).toBe('90071992547409931');
  });

  it('refuses an id JSON.parse has already rounded, naming the field and saying to send a string', () => {
    const parsed = JSON.parse('{"orderId": 90071992547409931, "sku": 1e21}') as Record<string, unknown>;
    expect(issuesOf({ ...base, ...parsed })).toEqual([
      {
        field: 'orderId',
        message:
          'is a number too large to be exact (JSON numbers above 9007199254740991 lose their last digits): send ids as strings, e.g. "90071992547409931"',
      },
      { field: 'sku', message: expect.stringContaining('send ids as strings') },
    ]);
    expect(issuesOf({ ...base, orderId: 12.5 }, 'zh-CN')[0]?.message).toContain('请以字符串发送编号');
    expect(customers({ customerId: 2 ** 53, repId: 2 ** 60 })).toEqual(['customerId', 'repId']);
    const rep = repSchema.safeParse({ repId: 'R1', managerId: 1e17, wecomUserid: 2 ** 54 });
    expect(rep.success || toFieldIssues(rep.error).map((issue) => issue.field)).toEqual([
      'managerId',
      'wecomUserid',
    ]);
    const visit = customerEventSchema('visitDate', 'UTC').safeParse({
      customerId: JSON.parse('123456789012345678') as number,
      visitDate: '2026-11-01',
    });
    expect(visit.success).toBe(false);
  });
});

describe('returned lines', () => {
  const base = { orderId: 'SO1', customerId: 'C1', orderDate: '2026-11-01' };

  it('takes a negative quantity with a negative or zero amount, and refuses it with a positive one', () => {
    expect(orders.parse({ ...base, quantity: '-2', amount: '-20.00' })).toMatchObject({
      quantity: -2,
      amount: -2000,
    });
    expect(orders.parse({ ...base, quantity: '-1', amount: '0' })).toMatchObject({ quantity: -1, amount: 0 });
    expect(orders.parse({ ...base, quantity: '2', amount: '-20.00' }).amount).toBe(-2000);
    expect(issuesOf({ ...base, quantity: '-2', amount: '20.00' })).toEqual([
      {
        field: 'quantity',
        message:
          'is negative (a return) but the amount is positive: a returned line has a negative amount too',
      },
    ]);
    expect(issuesOf({ ...base, quantity: -2, amount: 20 }, 'zh-CN')).toEqual([
      { field: 'quantity', message: '数量为负（退货）但金额为正：退货行的金额也应为负数' },
    ]);
  });
});
