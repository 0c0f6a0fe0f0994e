import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseArgs } from 'node:util';
import { answersSince } from '../../adapters/dynamodb/answer-store.ts';
import { batchGetAll } from '../../adapters/dynamodb/batch.ts';
import { scanItems } from '../../adapters/dynamodb/scan.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import { parseIsoDay } from '../../core/days.ts';
import type { FollowUpAnswer } from '../../core/follow-up.ts';
import { actionText, reasonText } from '../../text/follow-up-answers.ts';
import type { Locale } from '../../core/locale.ts';
import { type KnownRep, RepDirectory } from '../../use-cases/ingest/rep-directory.ts';
import { csvLine } from './csv-output.ts';
import { type CommandIo, UsageError } from './io.ts';
import { openStore } from './store-context.ts';
import { renderTextTable } from './text-table.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

/** The header of the csv, the same in every language: what `backtest --answers` reads. */
export const ANSWERS_CSV_HEADER = 'customer_id,episode,action,reason,rep_id,answered_at,day';

/** An answer as listed: the stored answer, with the customer's and rep's names where known. */
export interface ListedAnswer extends FollowUpAnswer {
  customerName: string | null;
  repName: string | null;
}

export interface AnswersQuery {
  /** `YYYY-MM-DD`, inclusive; null for no bound. */
  from: string | null;
  to: string | null;
  /** A rep id, already resolved; null for every rep. */
  repId: string | null;
}

export interface AnswersStore {
  doc: DynamoDBDocumentClient;
  tables: Pick<TableNames, 'followups' | 'customers' | 'profiles'>;
}

/**
 * The answers in a period, newest first, with names: the master data's name, else the one the orders carry
 * (as the digests do). Only the answered customers are read, not the whole book.
 */
export async function listAnswers(
  store: AnswersStore,
  query: AnswersQuery,
  repNames: ReadonlyMap<string, string> = new Map(),
): Promise<ListedAnswer[]> {
  const { doc, tables } = store;
  const answers = (await answersSince(doc, tables.followups, query.from)).filter(
    (answer) =>
      (query.to === null || answer.day <= query.to) && (query.repId === null || answer.repId === query.repId),
  );
  answers.sort((a, b) =>
    a.answeredAt === b.answeredAt
      ? a.customerId.localeCompare(b.customerId)
      : b.answeredAt.localeCompare(a.answeredAt),
  );
  const names = await customerNames(store, [...new Set(answers.map((answer) => answer.customerId))]);
  return answers.map((answer) => ({
    ...answer,
    customerName: names.get(answer.customerId) ?? null,
    repName: repNames.get(answer.repId) ?? null,
  }));
}

async function customerNames(store: AnswersStore, customerIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (customerIds.length === 0) return names;
  const keys = customerIds.map((customerId) => ({ customerId }));
  for (const item of await batchGetAll(store.doc, store.tables.customers, keys)) {
    if (typeof item.name === 'string' && item.name.trim() !== '')
      names.set(String(item.customerId), item.name);
  }
  const unnamed = keys.filter((key) => !names.has(key.customerId));
  if (unnamed.length === 0) return names;
  for (const item of await batchGetAll(store.doc, store.tables.profiles, unnamed)) {
    if (typeof item.customerName === 'string') names.set(String(item.customerId), item.customerName);
  }
  return names;
}

async function knownReps(doc: DynamoDBDocumentClient, table: string): Promise<KnownRep[]> {
  const reps: KnownRep[] = [];
  for await (const item of scanItems(doc, table, undefined, {
    ProjectionExpression: 'repId, #n',
    ExpressionAttributeNames: { '#n': 'name' },
  })) {
    if (typeof item.repId !== 'string') continue;
    reps.push({ repId: item.repId, ...(typeof item.name === 'string' ? { name: item.name } : {}) });
  }
  return reps;
}

function dayOption(value: string | undefined, flag: string, locale: Locale): string | null {
  if (value === undefined) return null;
  if (parseIsoDay(value) !== null) return value;
  throw new UsageError(cliTextFor(locale).tools.dateInvalid(flag, value));
}

export async function answersCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      rep: { type: 'string' },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.answers}\n`);
    return 0;
  }
  const from = dayOption(values.from, '--from', locale);
  const to = dayOption(values.to, '--to', locale);
  if (from !== null && to !== null && from > to) {
    throw new UsageError(cliTextFor(locale).cli.fromAfterTo);
  }
  const format = values.format;
  if (format !== 'table' && format !== 'csv' && format !== 'json') {
    throw new UsageError(cliTextFor(locale).cli.formatChoice(['table', 'csv', 'json']));
  }
  const store = openStore();
  try {
    const reps = new RepDirectory(await knownReps(store.doc, store.tables.reps));
    let repId: string | null = null;
    if (values.rep !== undefined) {
      const match = reps.match(values.rep);
      if (match.kind === 'unknown' || match.kind === 'ambiguous')
        throw new UsageError(reps.problem(values.rep, match, locale));
      repId = match.repId;
    }
    const repNames = new Map(reps.reps.flatMap((rep) => (rep.name ? [[rep.repId, rep.name] as const] : [])));
    const answers = await listAnswers(store, { from, to, repId }, repNames);
    if (format === 'json') io.out(`${JSON.stringify(answers, null, 2)}\n`);
    else if (format === 'csv') io.out(renderAnswersCsv(answers));
    else io.out(`${renderAnswersTable(answers, { from, to }, locale)}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** The file `backtest --answers` reads: ids and ISO days, the same whatever the language. */
export function renderAnswersCsv(answers: readonly FollowUpAnswer[]): string {
  const rows = answers.map((answer) =>
    csvLine([
      answer.customerId,
      answer.episode,
      answer.action,
      answer.reason,
      answer.repId,
      answer.answeredAt,
      answer.day,
    ]),
  );
  return `${[ANSWERS_CSV_HEADER, ...rows].join('\n')}\n`;
}

/** The answers as an admin reads them in a terminal, in words. */
export function renderAnswersTable(
  answers: readonly ListedAnswer[],
  period: { from: string | null; to: string | null },
  locale: Locale,
): string {
  const text = cliTextFor(locale).tools.answers;
  const span =
    period.from === null && period.to === null
      ? text.allTime
      : text.period(period.from ?? '…', period.to ?? '…');
  const headline = text.headline(span, answers.length);
  if (answers.length === 0) return `${headline}\n${text.none}`;
  const named = (name: string | null, id: string) => (name ? text.named(name, id) : id);
  const table = renderTextTable(
    text.columns.map((header) => ({ header })),
    answers.map((answer) => [
      answer.day,
      named(answer.repName, answer.repId),
      named(answer.customerName, answer.customerId),
      actionText(answer.action, locale),
      answer.reason === null ? '' : reasonText(answer.reason, locale),
      answer.episode,
    ]),
  );
  return `${headline}\n${table}`;
}
