import { describe, expect, it } from 'vitest';
import type { SkuBreadthDropFinding } from '../../functions/core/findings.ts';
import { customerText, headlineText } from '../../functions/render/customer-text.ts';
import { DAY, sampleDigestCustomer, sampleVerdict } from './fixtures.ts';

describe('the reason a digest leads a customer with', () => {
  it("is the admin's flagging rule when the model alone would not list the customer", () => {
    // Prepare: a VIP the admin wants listed whenever an order is overdue, at 12% against a 41% line
    const customer = sampleDigestCustomer({
      tier: 'vip',
      risk: 0.12,
      learned: sampleVerdict({ risk: 0.12, reasons: [] }),
      flaggedBy: ['cycle_overdue'],
    });

    // Act
    const zh = headlineText(customerText(customer, DAY, 'zh-CN'), 'zh-CN');
    const en = headlineText(customerText(customer, DAY, 'en'), 'en');

    // Assess: the probability stays the model's; the reason says why the customer is listed anyway
    expect(zh).toMatch(/^流失风险 12% · 订货周期异常：.*（按管理员设置，此规则触发即提醒）$/);
    expect(en).toContain('(the admin set this rule to list a customer whenever it fires)');
  });

  it("is the model's own reason when the model lists the customer anyway", () => {
    const customer = sampleDigestCustomer({ learned: sampleVerdict(), flaggedBy: ['cycle_overdue'] });
    const zh = headlineText(customerText(customer, DAY, 'zh-CN'), 'zh-CN');
    expect(zh).not.toContain('管理员设置');
    expect(zh).toContain('已 23 天未下单（平时约 7 天一单）');
  });
});

describe('the facts a digest shows', () => {
  it('counts the days at risk only once there are some: no "风险已持续 0 天" for an escalation on its first day', () => {
    const first = customerText(
      sampleDigestCustomer({ escalated: true, isNew: false, daysAtRisk: 0 }),
      DAY,
      'zh-CN',
    );
    const later = customerText(
      sampleDigestCustomer({ escalated: true, isNew: false, daysAtRisk: 5 }),
      DAY,
      'zh-CN',
    );
    const labels = (text: typeof first) => text.factLines.flat().map((fact) => fact.label);
    expect(labels(first)).not.toContain('风险已持续');
    expect(labels(later)).toContain('风险已持续');
  });
});

describe('the products a digest names', () => {
  const dropped = sampleDigestCustomer({
    learned: undefined,
    findings: [
      {
        rule: 'sku_breadth_drop',
        severity: 0.6,
        windowDays: 30,
        previousSkus: 5,
        currentSkus: 1,
        changePct: -80,
        thresholdPct: 50,
        droppedSkus: ['6901939621257', '6901939621264', '6920152400777', 'SKU-9'],
        droppedSkuNames: ['可口可乐 330ml', '可口可乐 330ml', '康师傅红烧牛肉面', ''],
      },
    ],
  });
  const said = (locale: 'zh-CN' | 'en') => {
    const text = customerText(dropped, DAY, locale);
    return [headlineText(text, locale), ...text.signals.map((signal) => signal.text)].join('\n');
  };

  it('are the product names where the export gave them, with the code only to tell two alike apart', () => {
    expect(said('zh-CN')).toContain(
      '不再购买：可口可乐 330ml（6901939621257）、可口可乐 330ml（6901939621264）、康师傅红烧牛肉面、SKU-9',
    );
    expect(said('en')).toContain(
      'stopped: 可口可乐 330ml (6901939621257), 可口可乐 330ml (6901939621264), 康师傅红烧牛肉面, SKU-9',
    );
  });

  it('are the codes, as before, when the export had no product names', () => {
    const finding = dropped.findings[0] as SkuBreadthDropFinding;
    const codesOnly = { ...dropped, findings: [{ ...finding, droppedSkuNames: undefined }] };
    const text = customerText(codesOnly, DAY, 'zh-CN');
    expect(headlineText(text, 'zh-CN')).toContain(
      '不再购买：6901939621257、6901939621264、6920152400777、SKU-9',
    );
  });
});
