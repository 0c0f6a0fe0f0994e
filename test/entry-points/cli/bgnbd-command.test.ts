import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bgnbdCommand, parseSummaryCsv } from '../../../functions/entry-points/cli/bgnbd-command.ts';
import { type CommandIo, UsageError } from '../../../functions/entry-points/cli/io.ts';

const SUMMARY = new URL('../../fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url).pathname;

function capture(): CommandIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

function tempCsv(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bgnbd-')), 'summary.csv');
  writeFileSync(file, text);
  return file;
}

describe('churn-watch bgnbd fit', () => {
  it('prints exactly the five fitted numbers as JSON, matching the paper', async () => {
    const io = capture();
    expect(await bgnbdCommand(['fit', '--summary', SUMMARY, '--format', 'json'], io, 'en')).toBe(0);
    expect(io.stdout.endsWith('\n')).toBe(true);
    const fit = JSON.parse(io.stdout) as Record<string, number>;
    expect(Object.keys(fit)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };
    for (const [key, value] of Object.entries(published)) {
      expect(Math.abs((fit[key] as number) - value)).toBeLessThanOrEqual(0.005 * Math.abs(value));
    }
  });

  it('prints a table without --format, in Chinese by default locale', async () => {
    const io = capture();
    expect(await bgnbdCommand(['fit', '--summary', SUMMARY], io, 'zh-CN')).toBe(0);
    expect(io.stdout).toContain('对数似然');
    expect(io.stdout).toMatch(/alpha\s+4\.41/);
    expect(io.stdout).toContain('2357 位客户');
  });

  it('shows help in both languages and rejects a wrong call', async () => {
    const en = capture();
    expect(await bgnbdCommand(['--help'], en, 'en')).toBe(0);
    expect(en.stdout).toContain('Usage: churn-watch bgnbd fit');
    const zh = capture();
    expect(await bgnbdCommand(['-h'], zh, 'zh-CN')).toBe(0);
    expect(zh.stdout).toContain('用法');
    await expect(bgnbdCommand(['fit'], capture(), 'en')).rejects.toThrow(UsageError);
    await expect(
      bgnbdCommand(['fit', '--summary', SUMMARY, '--format', 'xml'], capture(), 'en'),
    ).rejects.toThrow(/--format must be json/);
    await expect(bgnbdCommand(['fit', '--summary', '/nonexistent/x.csv'], capture(), 'en')).rejects.toThrow(
      /cannot read/,
    );
  });

  it('names the line and field of a bad row', async () => {
    const file = tempCsv('ID,frequency,recency,T\n1,2,30.43,38.86\n2,two,1.71,38.86\n');
    await expect(bgnbdCommand(['fit', '--summary', file], capture(), 'en')).rejects.toThrow(
      'line 3, field frequency: expected a whole number ≥ 0 (got "two")',
    );
    expect(() => parseSummaryCsv('ID,frequency,recency,T\n1,1,,3\n', 'zh-CN')).toThrow('第 2 行，recency');
    expect(() => parseSummaryCsv('ID,frequency,recency,T\n1,1,5,3\n', 'en')).toThrow(
      'line 2, field recency: 5 is greater than T (3)',
    );
    expect(() => parseSummaryCsv('ID,frequency,when\n', 'en')).toThrow(/lacks column\(s\) recency, T/);
  });

  it('accepts the cust,x,t_x,T spelling, a BOM and CRLF line ends', () => {
    expect(parseSummaryCsv('\uFEFFcust,x,t_x,T\r\n1,2,30.43,38.86\r\n\r\n', 'en')).toEqual([
      { frequency: 2, recency: 30.43, T: 38.86 },
    ]);
  });
});
