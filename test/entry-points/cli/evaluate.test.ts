import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { writeCdnowOrders } from '../../support/cdnow.ts';
import { fixture, runCli, sample, sampleFlags } from './run-cli.ts';

const sampleArgs = sampleFlags('2026-11-20');

/** The JSON output of `evaluate` (docs/cli.md, "The output contract"), checked field by field. */
const contract = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  customers: z.array(
    z
      .object({
        customerId: z.string(),
        tier: z.enum(['vip', 'important', 'general', 'dormant']),
        atRisk: z.boolean(),
        risk: z.number().min(0).max(1),
        findings: z.array(z.object({ rule: z.string() }).passthrough()),
        lastOrderDate: z.string().nullable(),
        daysSinceLastOrder: z.number().int().nullable(),
        moneyAtRisk: z.number().int(),
      })
      .passthrough(),
  ),
});

function planted(): Map<string, string> {
  const lines = readFileSync(sample('planted.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((line) => line.split(',') as [string, string]));
}

describe('churn-watch evaluate on the sample distributor', async () => {
  const all = await runCli('evaluate', ...sampleArgs, '--format', 'json', '--all');
  const parsed = contract.parse(JSON.parse(all.stdout));

  it('prints the contract’s JSON for every customer with --all', () => {
    expect(all.code).toBe(0);
    expect(parsed.asOf).toBe('2026-11-20');
    expect(parsed.customers).toHaveLength(200);
  });

  it('flags nearly every planted churner and few steady or new shops', () => {
    const truth = planted();
    const flagged = (scenario: string) => {
      const ids = [...truth].filter(([, s]) => s === scenario).map(([id]) => id);
      const atRisk = ids.filter((id) => parsed.customers.find((c) => c.customerId === id)?.atRisk);
      return atRisk.length / ids.length;
    };
    // The sample's history has shops that lapsed and paused before, so the model learned on it decides (16 of
    // 16 churners, 3 of 106 steady shops, 0 of 8 new ones today; the rules flagged 18 steady shops).
    expect(all.stderr).toContain('学习模型已训练');
    expect(flagged('churner')).toBeGreaterThanOrEqual(0.9);
    expect(flagged('steady')).toBeLessThan(0.05);
    expect(flagged('new')).toBeLessThanOrEqual(0.125);
  });

  it('lists only customers at risk without --all, most money at risk first', async () => {
    const run = await runCli('evaluate', ...sampleArgs, '--format', 'json');
    const { customers } = contract.parse(JSON.parse(run.stdout));
    expect(customers.length).toBe(parsed.customers.filter((c) => c.atRisk).length);
    expect(customers.every((c) => c.atRisk)).toBe(true);
    const money = customers.map((c) => c.moneyAtRisk);
    expect(money).toEqual([...money].sort((a, b) => b - a));
  });

  it('reads the GBK export with Chinese headers and statuses to the same result', async () => {
    const zh = await runCli(
      'evaluate',
      '--orders',
      fixture('sample-small-zh/orders.csv'),
      '--customers',
      fixture('sample-small-zh/customers.csv'),
      '--as-of',
      '2026-11-20',
      '--format',
      'json',
      '--all',
    );
    const en = await runCli(
      'evaluate',
      '--orders',
      sample('orders.csv'),
      '--customers',
      sample('customers.csv'),
      '--as-of',
      '2026-11-20',
      '--format',
      'json',
      '--all',
    );
    expect(zh.code).toBe(0);
    expect(JSON.parse(zh.stdout)).toEqual(JSON.parse(en.stdout));
  });

  it('prints a Chinese table by default and an English one with --lang en', async () => {
    const zh = await runCli('evaluate', ...sampleArgs);
    expect(zh.stdout).toContain('客户编号');
    expect(zh.stdout).toContain('远超订货周期');
    expect(zh.stderr).toMatch(/共 200 位客户，\d+ 位有流失风险/);
    const en = await runCli('evaluate', ...sampleArgs, '--lang', 'en');
    expect(en.stdout).toContain('Customer');
    expect(en.stdout).toContain('Far past its cycle');
    // Each row: the risk as a whole percent (never 100% or 0%), one silence status, signals in the fixed order.
    const rows = zh.stdout.split('\n').filter((line) => /^C\d{5}\s/.test(line));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row).toMatch(/\s(?:[1-9]\d?%|<1%)\s+¥/);
      expect(row).not.toMatch(/远超订货周期.*即将流失|即将流失.*远超订货周期|远超订货周期.*订货周期异常/);
      if (row.includes('销售额暴跌'))
        expect(row.indexOf('远超订货周期')).toBeLessThan(row.indexOf('销售额暴跌'));
    }
    expect(rows.some((row) => row.includes('远超订货周期'))).toBe(true);
  });

  it('writes CSV with decimal money, and a BOM for Excel when asked', async () => {
    const run = await runCli('evaluate', ...sampleArgs, '--format', 'csv', '--bom');
    const [header, first] = run.stdout.split('\n');
    expect(header?.startsWith('\uFEFFcustomer_id,name,rep_id,tier,status,at_risk,risk,money_at_risk')).toBe(
      true,
    );
    expect(first).toMatch(/^C\d{5},/);
    expect(first).toMatch(/,\d+\.\d{2},/);
    // The risk as a percentage (Excel reads "72%" as 0.72); the export keeps every rule, in the fixed order.
    expect(first?.split(',')[6]).toMatch(/^(?:[1-9]\d?%|<1%)$/);
    const churned = run.stdout.split('\n').find((line) => line.includes(',churned;'));
    expect(churned).toMatch(/,churned;(?:cycle_overdue;)?inactive[;,]/);
  });
});

describe('churn-watch evaluate on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-cli-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const bad = write(
    'orders.csv',
    'order_id,customer_id,order_date,amount\nA1,C1,2026-11-01,12.345\nA2,C1,2026-13-01,10\nA3,,2026-11-02,5\nA4,C2,2026-11-03,100\n',
  );

  it('names file, line and column, exits non-zero, and shows no stack trace', async () => {
    const run = await runCli('evaluate', '--orders', bad, '--as-of', '2026-11-20');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('orders.csv 第 2 行，列「amount」');
    expect(run.stderr).toContain('第 3 行，列「order_date」');
    expect(run.stderr).toContain('第 4 行，列「customer_id」：不能为空');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('skips invalid rows only when asked, and says how many', async () => {
    const run = await runCli(
      'evaluate',
      '--orders',
      bad,
      '--as-of',
      '2026-11-20',
      '--skip-invalid',
      '--all',
      '--format',
      'json',
      '--lang',
      'en',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).customers.map((c: { customerId: string }) => c.customerId)).toEqual(['C2']);
    expect(run.stderr).toContain('3 invalid rows skipped');
    expect(run.stderr).toContain('line 2, column "amount"');
  });

  it('treats a header-only file as no data, not a crash', async () => {
    const empty = write('empty.csv', '订单号,客户编号,下单日期,金额\r\n');
    const run = await runCli('evaluate', '--orders', empty, '--as-of', '2026-11-20', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ asOf: '2026-11-20', customers: [] });
  });

  it('reports records after the as-of day instead of dropping them silently', async () => {
    const later = write(
      'later.csv',
      'order_id,customer_id,order_date,amount\nA1,C1,2026-10-01,10\nA2,C1,2026-12-01,10\n',
    );
    const run = await runCli('evaluate', '--orders', later, '--as-of', '2026-11-20', '--lang', 'en');
    expect(run.stderr).toContain('1 records dated after the as-of day were not used');
  });

  it('refuses a config with a bad threshold, naming the key', async () => {
    const config = write('config.json', JSON.stringify({ rules: { inactive: { days: 0 } } }));
    const run = await runCli('evaluate', '--orders', bad, '--as-of', '2026-11-20', '--config', config);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('rules.inactive.days: 应不小于 1');
  });

  it('applies a valid config: a rule the admin makes flagging lists the customer whatever the risk', async () => {
    const config = write('strict.json', JSON.stringify({ rules: { inactive: { days: 7, flag: true } } }));
    const orders = write('recent.csv', 'order_id,customer_id,order_date,amount\nA1,C1,2026-11-10,10\n');
    const loose = await runCli('evaluate', '--orders', orders, '--as-of', '2026-11-20', '--format', 'json');
    const strict = await runCli(
      'evaluate',
      '--orders',
      orders,
      '--as-of',
      '2026-11-20',
      '--format',
      'json',
      '--config',
      config,
    );
    expect(JSON.parse(loose.stdout).customers).toHaveLength(0);
    const [flagged] = JSON.parse(strict.stdout).customers;
    expect(flagged.findings[0]).toMatchObject({ rule: 'inactive', thresholdDays: 7 });
    expect(flagged.flaggedBy).toEqual(['inactive']);
    // The risk stays the model's: the lever decides who is listed, not how likely they are to stop.
    expect(flagged.risk).toBe(JSON.parse(loose.stdout).customers[0]?.risk ?? flagged.risk);
  });

  it('with low_p_alive on, flags the customers CDNOW’s own BG/NBD model calls gone', async () => {
    const config = write('p-alive.json', JSON.stringify({ rules: { low_p_alive: { enabled: true } } }));
    const orders = writeCdnowOrders(join(dir, 'cdnow.csv'));
    const run = await runCli(
      'evaluate',
      '--orders',
      orders,
      '--as-of',
      '1998-01-01',
      '--format',
      'json',
      '--config',
      config,
    );
    expect(run.code).toBe(0);
    const customers = JSON.parse(run.stdout).customers as { findings: { rule: string; pAlive?: number }[] }[];
    const flagged = customers.flatMap((c) => c.findings.filter((f) => f.rule === 'low_p_alive'));
    expect(flagged.length).toBeGreaterThan(100);
    // Rounded to three decimals, so a P(alive) just under the threshold reads as 0.3.
    for (const finding of flagged) expect(finding.pAlive).toBeLessThanOrEqual(0.3);
    expect(run.stderr).not.toContain('low_p_alive');
  });

  it('with low_p_alive on, says so when the model is degenerate, and evaluates with the other rules', async () => {
    // The generated wholesale shops buy on schedule and few have left: the BG/NBD fit collapses.
    const config = write('p-alive.json', JSON.stringify({ rules: { low_p_alive: { enabled: true } } }));
    const on = await runCli('evaluate', ...sampleArgs, '--format', 'json', '--config', config);
    const off = await runCli('evaluate', ...sampleArgs, '--format', 'json');
    expect(on.code).toBe(0);
    expect(on.stderr).toMatch(/low_p_alive 本次未使用：BG\/NBD 拟合退化/);
    expect(JSON.parse(on.stdout)).toEqual(JSON.parse(off.stdout));
  });

  it('explains missing flags and bad dates', async () => {
    expect((await runCli('evaluate', '--as-of', '2026-11-20')).stderr).toContain('缺少 --orders');
    const date = await runCli('evaluate', '--orders', bad, '--as-of', '2026-02-30', '--lang', 'en');
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--as-of must be a date YYYY-MM-DD, got "2026-02-30"');
    expect(
      (await runCli('evaluate', '--orders', join(dir, 'missing.csv'), '--as-of', '2026-11-20')).code,
    ).toBe(1);
  });
});

describe('the installed binary', () => {
  it('runs as npx churn-watch after npm ci', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('npx', ['churn-watch', 'evaluate', ...sampleArgs, '--format', 'json'], {
      cwd: new URL('../../..', import.meta.url).pathname,
    });
    expect(contract.parse(JSON.parse(stdout)).customers.length).toBeGreaterThan(0);
  });
});

describe('output safety and options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-cli-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('keeps spreadsheet formulas in customer names from running in Excel, and negative amounts as numbers', async () => {
    const orders = write(
      'o.csv',
      'order_id,customer_id,order_date,amount\nA1,C1,2026-09-01,100\nR1,C1,2026-11-01,-20\n',
    );
    const customers = write('c.csv', 'customer_id,name\nC1,"=HYPERLINK(""http://x"")"\n');
    const run = await runCli(
      'evaluate',
      '--orders',
      orders,
      '--customers',
      customers,
      '--as-of',
      '2026-11-20',
      '--format',
      'csv',
    );
    const row = run.stdout.split('\n')[1] ?? '';
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(row).toContain(',-20.00,');
  });

  it('refuses an unknown language instead of guessing', async () => {
    const run = await runCli('evaluate', '--lang', 'fr');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--lang must be zh-CN or en');
  });
});

describe('names an order export carries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-cli-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const day = (offset: number) => new Date(Date.UTC(2026, 7, 1 + offset)).toISOString().slice(0, 10);
  const products = [
    '可口可乐 330ml*24',
    '雪碧 330ml*24',
    '康师傅红烧牛肉面',
    '农夫山泉 550ml*24',
    '旺旺雪饼',
  ];

  /**
   * 华联超市 orders weekly from August; from late October it buys only its first product. 好又多 is named in
   * the orders and in master data; 小王便利店 changed its name in the ERP in October.
   */
  function exportWithNames(): string {
    const rows = ['订单号,客户编号,客户名称,下单日期,金额,商品编码,商品名称'];
    for (let week = 0; week < 16; week++) {
      const date = day(week * 7);
      const lines = date < '2026-10-23' ? products.length : 1;
      for (let i = 0; i < lines; i++)
        rows.push(`A${week},C1,华联超市,${date},100,SKU-${i + 1},${products[i]}`);
      rows.push(`B${week},C2,好又多(订单),${date},300,SKU-1,${products[0]}`);
      rows.push(`D${week},C3,${date < '2026-10-01' ? '王记小卖部' : '小王便利店'},${date},50,,`);
    }
    return `${rows.join('\n')}\n`;
  }

  it('shows customer names from the orders where master data has none, and product names for dropped SKUs', async () => {
    // Prepare
    const orders = write('names.csv', exportWithNames());
    const customers = write('names-customers.csv', '客户编号,客户名称\nC2,好又多超市\n');

    // Act
    const run = await runCli(
      'evaluate',
      '--orders',
      orders,
      '--customers',
      customers,
      '--as-of',
      '2026-11-20',
      '--format',
      'csv',
      '--all',
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('未使用');
    const rows = new Map(run.stdout.split('\n').map((line) => [line.split(',')[0], line]));
    expect(rows.get('C1')?.split(',')[1]).toBe('华联超市');
    expect(rows.get('C2')?.split(',')[1]).toBe('好又多超市');
    expect(rows.get('C3')?.split(',')[1]).toBe('小王便利店');
    expect(rows.get('C1')).toContain(`不再购买：${products.slice(1).join('、')}`);
    expect(rows.get('C1')).not.toContain('SKU-2');
  });
});
