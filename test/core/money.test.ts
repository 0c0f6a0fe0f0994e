import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDecimal,
  formatMoney,
  MAX_MINOR,
  minorFromUnits,
  parseMoney,
  withinOrderTotals,
} from '../../functions/core/money.ts';

const ok = (minor: number) => ({ ok: true, minor });

describe('parseMoney', () => {
  it('reads amounts the way exports write them, exactly', () => {
    expect(parseMoney('123.45')).toEqual(ok(12345));
    expect(parseMoney('0.1')).toEqual(ok(10));
    expect(parseMoney('¥1,234.5')).toEqual(ok(123450));
    expect(parseMoney('￥ 88')).toEqual(ok(8800));
    expect(parseMoney('88元')).toEqual(ok(8800));
    expect(parseMoney('-20.00')).toEqual(ok(-2000));
    expect(parseMoney('－20')).toEqual(ok(-2000));
    expect(parseMoney('(35.10)')).toEqual(ok(-3510));
    expect(parseMoney('12.300')).toEqual(ok(1230));
    expect(parseMoney('-0')).toEqual(ok(0));
    expect(parseMoney(19.99)).toEqual(ok(1999));
  });

  it('refuses rather than rounds', () => {
    expect(parseMoney('12.345')).toEqual({ ok: false, reason: 'precision' });
    expect(parseMoney('1,23.00')).toEqual({ ok: false, reason: 'format' });
    expect(parseMoney('12,50')).toEqual({ ok: false, reason: 'format' });
    expect(parseMoney('abc')).toEqual({ ok: false, reason: 'format' });
    expect(parseMoney('')).toEqual({ ok: false, reason: 'format' });
    expect(parseMoney('99999999999999999')).toEqual({ ok: false, reason: 'range' });
    expect(parseMoney(1e21)).toEqual({ ok: false, reason: 'range' });
  });

  it('round-trips every cent amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        expect(parseMoney(formatDecimal(minor))).toEqual(ok(minor));
      }),
    );
  });

  it('sums parsed amounts exactly where floats would not', () => {
    const total = ['0.10', '0.20', '0.30'].reduce((sum, text) => {
      const parsed = parseMoney(text);
      return parsed.ok ? sum + parsed.minor : sum;
    }, 0);
    expect(total).toBe(60);
    expect(minorFromUnits(0.1 + 0.2)).toBe(30);
  });
});

describe('formatMoney', () => {
  it('groups thousands on the integer part', () => {
    expect(formatMoney(123456789)).toBe('¥1,234,567.89');
    expect(formatMoney(-5)).toBe('-¥0.05');
    expect(formatMoney(0)).toBe('¥0.00');
  });
});

describe('withinOrderTotals', () => {
  it('takes an order up to MAX_MINOR in sales and in returns, and refuses one past it', () => {
    expect(withinOrderTotals([MAX_MINOR / 2, MAX_MINOR / 2, -MAX_MINOR])).toBe(true);
    expect(withinOrderTotals([MAX_MINOR / 2, MAX_MINOR / 2 + 1])).toBe(false);
    expect(withinOrderTotals([-MAX_MINOR, -1, MAX_MINOR])).toBe(false);
    expect(withinOrderTotals([])).toBe(true);
  });

  it('is needed: 9,008 maximum-size amounts are past 2^53, where sums stop being exact', () => {
    expect(9007 * MAX_MINOR).toBeLessThan(2 ** 53);
    expect(Number.isSafeInteger(9008 * MAX_MINOR)).toBe(false);
    expect(withinOrderTotals(Array.from({ length: 9008 }, () => MAX_MINOR))).toBe(false);
  });
});
