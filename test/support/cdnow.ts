import { readFileSync, writeFileSync } from 'node:fs';

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
