// How long a big order export takes to read: `node --expose-gc --import tsx test/csv/read-orders-timing.ts [lines]`.
// A script rather than a test, because timings on a shared CI machine would make a flaky test.
import { CsvRowReader } from '../../functions/csv/parse-csv.ts';
import { readRecordText } from '../../functions/csv/read-records.ts';

const lines = Number(process.argv[2] ?? 500_000);
const statuses = ['placed', '已下单', 'cancelled', '已退货'];

// Three lines per order, 5,000 customers, 300 SKUs, 40 reps: the shape of a mid-sized distributor's year.
const parts = ['order_id,customer_id,order_date,amount,sku,quantity,rep_id,status\n'];
for (let i = 0; i < lines; i++) {
  const order = Math.floor(i / 3);
  const customer = order % 5000;
  const day = String(1 + (order % 28)).padStart(2, '0');
  parts.push(
    `SO${order},C${customer},2024-03-${day},${(i % 997) + 0.5},SKU${i % 300},${1 + (i % 12)},R${customer % 40},${statuses[i % 4]}\n`,
  );
}
const text = parts.join('');
parts.length = 0;
(globalThis as { gc?: () => void }).gc?.();

const time = (run: () => number): [number, number] => {
  const started = performance.now();
  const count = run();
  return [performance.now() - started, count];
};
const readOnce = () =>
  readRecordText(text, 'orders.csv', 'orders', { timeZone: 'Asia/Shanghai', locale: 'en' }).records.length;
const parseOnce = () => {
  const rows = new CsvRowReader(text, ',');
  let count = 0;
  while (rows.next()) count++;
  return count;
};

console.log(`${lines} lines, ${(text.length / 1e6).toFixed(1)} M characters`);
const [coldMs, records] = time(readOnce);
console.log(`parse + validate, first run: ${coldMs.toFixed(0)} ms (${records} records)`);
for (let round = 1; round <= 3; round++) {
  const [parseMs, rows] = time(parseOnce);
  const [readMs] = time(readOnce);
  console.log(
    `round ${round}: parse only ${parseMs.toFixed(0)} ms (${(rows / parseMs / 1000).toFixed(1)} M rows/s), ` +
      `parse + validate ${readMs.toFixed(0)} ms`,
  );
}
