import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../../functions/entry-points/cli/display-width.ts';
import { projectRoot } from '../../../functions/entry-points/cli/project-root.ts';

const run = promisify(execFile);
const CLI = join(projectRoot(), 'bin', 'churn-watch.js');

/** Loaded before the CLI: counts the Intl.Segmenters made (string-width makes one when it loads). */
const COUNT_SEGMENTERS =
  'data:text/javascript,' +
  encodeURIComponent(
    'const Made = Intl.Segmenter; let made = 0;' +
      'Intl.Segmenter = class extends Made { constructor(...args) { super(...args); made++; } };' +
      "process.on('exit', () => process.stderr.write(`segmenters: ${made}\\n`));",
  );

describe('display width', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-width-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a Chinese character as two columns and a Latin letter as one', () => {
    expect(displayWidth('客户C1')).toBe(6);
    expect(displayWidth('')).toBe(0);
  });

  it('is not loaded by evaluate --format json, which lays out no table; the table loads it', async () => {
    // Prepare
    const orders = join(dir, 'orders.csv');
    writeFileSync(orders, 'order_id,customer_id,order_date,amount\nA1,C1,2026-09-01,100\n');
    const evaluate = (format: string) =>
      run(process.execPath, [
        '--import',
        COUNT_SEGMENTERS,
        CLI,
        'evaluate',
        '--orders',
        orders,
        '--as-of',
        '2026-11-20',
        '--format',
        format,
      ]);

    // Act
    const json = await evaluate('json');
    const table = await evaluate('table');

    // Assess
    expect(JSON.parse(json.stdout)).toMatchObject({ asOf: '2026-11-20' });
    expect(json.stderr).toContain('segmenters: 0\n');
    expect(table.stdout).toContain('C1');
    expect(table.stderr).not.toContain('segmenters: 0\n');
  }, 60_000);
});
