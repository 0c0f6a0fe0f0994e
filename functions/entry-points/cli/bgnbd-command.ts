import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type BgnbdCustomer, fitBgnbd } from '../../core/bgnbd.ts';
import type { Locale } from '../../core/locale.ts';
import { choiceRefused, type CommandIo, extraRefused, UsageError, wrongForm } from './io.ts';
import { renderTextTable } from './text-table.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

const ALIASES: Record<string, 'id' | 'frequency' | 'recency' | 'T'> = {
  id: 'id',
  cust: 'id',
  customer_id: 'id',
  frequency: 'frequency',
  x: 'frequency',
  recency: 'recency',
  t_x: 'recency',
  T: 'T',
};

/**
 * Reads a customer summary CSV (`ID,frequency,recency,T`, or the `cust,x,t_x,T` spelling). Deliberately minimal:
 * the file is numbers only, so no quoting rules beyond stripping surrounding quotes. A bad row fails with its line
 * number and field, because a silently skipped customer would bias the fit.
 *
 * @example
 * parseSummaryCsv('ID,frequency,recency,T\n1,2,30.43,38.86\n', 'en'); // [{ frequency: 2, recency: 30.43, T: 38.86 }]
 */
export function parseSummaryCsv(text: string, locale: Locale): BgnbdCustomer[] {
  const words = cliTextFor(locale).tools.bgnbd;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cells = (line: string) => line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  const header = cells(lines[0] ?? '');
  // Names match case-insensitively except T: lowercase t is not an alias, since t and T differ in lifetimes.
  const column = (name: 'frequency' | 'recency' | 'T') =>
    header.findIndex((h) => (ALIASES[h] ?? ALIASES[h.toLowerCase()]) === name);
  const index = { frequency: column('frequency'), recency: column('recency'), T: column('T') };
  const missing = (Object.keys(index) as (keyof typeof index)[]).filter((name) => index[name] < 0);
  if (missing.length > 0) {
    throw new UsageError(words.missingColumns(missing.join(', ')));
  }
  const customers: BgnbdCustomer[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const row = cells(line);
    const lineNo = i + 1;
    const read = (name: keyof typeof index): number => {
      const raw = row[index[name]] ?? '';
      const value = raw === '' ? NaN : Number(raw);
      const ok = Number.isFinite(value) && value >= 0 && (name !== 'frequency' || Number.isInteger(value));
      if (!ok) {
        const rule = name === 'frequency' ? words.wholeNumber : words.number;
        throw new UsageError(words.badField(lineNo, name, rule, raw));
      }
      return value;
    };
    const customer = { frequency: read('frequency'), recency: read('recency'), T: read('T') };
    if (customer.recency > customer.T) {
      throw new UsageError(words.recencyAfterT(lineNo, customer.recency, customer.T));
    }
    customers.push(customer);
  }
  if (customers.length === 0) {
    throw new UsageError(words.noRows);
  }
  return customers;
}

export async function bgnbdCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      summary: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.bgnbd}\n`);
    return 0;
  }
  const words = cliTextFor(locale).tools.bgnbd;
  const { help, cli } = cliTextFor(locale);
  if (positionals[0] !== 'fit') throw choiceRefused('bgnbd', ['fit'], positionals, help.bgnbd, locale);
  if (positionals.length > 1) throw extraRefused('bgnbd', positionals.slice(1), help.bgnbd, locale);
  if (values.summary === undefined) {
    throw wrongForm(cli.wrongForm.optionsRequired(['--summary']), 'bgnbd', help.bgnbd, locale);
  }
  if (values.format !== undefined && values.format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['json']));
  }
  let text: string;
  try {
    text = readFileSync(values.summary, 'utf8');
  } catch {
    throw new UsageError(words.unreadable(values.summary), 1);
  }
  const customers = parseSummaryCsv(text, locale);
  const started = performance.now();
  const fit = fitBgnbd(customers);
  const seconds = (performance.now() - started) / 1000;
  if (values.format === 'json') {
    const { r, alpha, a, b, logLikelihood } = fit;
    io.out(`${JSON.stringify({ r, alpha, a, b, logLikelihood })}\n`);
    return 0;
  }
  const rows = [
    ['r', fit.r.toFixed(4)],
    ['alpha', fit.alpha.toFixed(4)],
    ['a', fit.a.toFixed(4)],
    ['b', fit.b.toFixed(4)],
    [words.logLikelihood, fit.logLikelihood.toFixed(2)],
  ];
  io.out(
    `${renderTextTable([{ header: words.parameter }, { header: words.estimate, align: 'right' }], rows)}\n`,
  );
  io.out(`${words.fitted(customers.length, fit.iterations, seconds.toFixed(2), fit.converged)}\n`);
  return 0;
}
