import { readFileSync, writeFileSync } from 'node:fs';
import { dayFromParts } from '../../functions/core/days.ts';
import type { OrderLine } from '../../functions/core/records.ts';

/**
 * The CDNOW panel (test/fixtures/cdnow/CDNOW_master.txt: `customer_id date number_of_cds dollar_value`,
 * whitespace separated, dates YYYYMMDD) as an order export churn-watch reads: one order per row, the order id
 * `<customer>-<date>-<row>` (a customer may buy twice on a day), the CD count as quantity and a placeholder SKU,
 * since CDNOW does not say what was bought.
 */
export const CDNOW_MASTER = new URL('../fixtures/cdnow/CDNOW_master.txt', import.meta.url).pathname;

export function cdnowOrdersCsv(text: string = readFileSync(CDNOW_MASTER, 'utf8')): string {
  const out = ['order_id,customer_id,order_date,amount,sku,quantity,status'];
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const cells = (rows[i] as string).trim().split(/\s+/);
    if (cells.length < 4 || cells[0] === 'customer_id') continue;
    const [customer, date, cds, dollars] = cells as [string, string, string, string];
    if (!/^\d{8}$/.test(date)) throw new Error(`CDNOW line ${i + 1}: bad date "${date}"`);
    const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
    out.push(`${customer}-${date}-${i},${customer},${day},${Number(dollars).toFixed(2)},CD,${cds},placed`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes the converted export to `path` and returns it. */
export function writeCdnowOrders(path: string): string {
  writeFileSync(path, cdnowOrdersCsv());
  return path;
}

/**
 * The CDNOW panel as order lines in memory, as the shared risk tool reads it: one order per row, rows without
 * a positive amount left out.
 */
export function cdnowLines(path = CDNOW_MASTER): OrderLine[] {
  const lines: OrderLine[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((row, i) => {
      const cells = row.trim().split(/\s+/);
      if (cells.length < 4 || !/^\d{8}$/.test(cells[1] as string)) return;
      const [customerId, date, cds, dollars] = cells as [string, string, string, string];
      if (!(Number(dollars) > 0)) return;
      lines.push({
        orderId: `${customerId}-${date}-${i}`,
        customerId,
        day: dayFromParts(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))),
        amount: Math.round(Number(dollars) * 100),
        sku: 'CD',
        quantity: Number(cds),
        status: 'placed',
      });
    });
  return lines;
}
