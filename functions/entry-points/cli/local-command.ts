import { scheduleFollowerFromEnv } from '../../adapters/scheduler/schedule-sync.ts';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { localDataDir, recordRunningStack } from './running-stack.ts';
import { parseArgs } from 'node:util';
import { startAdminPage } from '../local/admin-page.ts';
import { describeEndpoints, startEmbeddedServices, withoutCredentials } from '../local/embedded-services.ts';
import { type LocalScheduler, startLocalScheduler } from '../local/local-scheduler.ts';
import { localApiKey, startIngestApiServer } from '../local/ingest-api-server.ts';
import { createMissingTables } from '../../adapters/dynamodb/create-tables.ts';
import { loadConfig } from '../../adapters/dynamodb/config-store.ts';
import { scanItems } from '../../adapters/dynamodb/scan.ts';
import { DEFAULT_CONFIG } from '../../core/config.ts';
import { type Day, dayOfInstant, formatDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { describeError } from '../../text/errors.ts';
import { type DailyRun, retryDeliveries, runDaily } from '../../use-cases/cycle/run-daily.ts';
import { runWeekly } from '../../use-cases/cycle/run-weekly.ts';
import { createIngestHandler } from '../../use-cases/ingest/ingest-http.ts';
import { ingest, type IngestKind } from '../../use-cases/ingest/ingest.ts';
import { generateDistributor, SAMPLE_ROBOT_KEY_PREFIX } from '../../tools/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../tools/sample/write-sample-files.ts';
import { renderTable } from './evaluation-output.ts';
import { ACTION_KEY_FILE_ENV, ACTION_URL_ENV } from '../../adapters/secrets/action-key.ts';
import { openCycle } from './cycle-context.ts';
import { dynamoFollowUpStores } from '../follow-up-stores.ts';
import { handleActionRequest } from '../../use-cases/follow-up/action-http.ts';
import { importFile } from './import-command.ts';
import { weekdayName } from '../../text/config-explain.ts';
import { type CommandIo, UsageError } from './io.ts';
import { parseStateAsOf, reportDaily, reportWeekly, runAndReport } from './run-command.ts';
import { openStore, type StoreContext } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

const DEMO_CUSTOMERS = 400;
const RETRY_EVERY_MS = 5 * 60_000;
const DEMO_KINDS: IngestKind[] = ['reps', 'customers', 'orders', 'visits', 'coupons', 'complaints'];

export async function localCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.local}\n`);
    return 0;
  }
  const text = cliTextFor(locale).local;
  const timeZone = process.env.CHURN_WATCH_TIME_ZONE ?? DEFAULT_CONFIG.timeZone;
  // The local product writes what it evaluates: a future day would lock out every run of the real today.
  const asOf = parseStateAsOf(values['as-of'], locale, timeZone);
  const dataDir = localDataDir();
  const apiPort = Number(process.env.CHURN_WATCH_API_PORT ?? 8780);
  if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) {
    throw new UsageError(
      text.portSettingInvalid('CHURN_WATCH_API_PORT', String(process.env.CHURN_WATCH_API_PORT)),
    );
  }

  const adminPort = Number(process.env.CHURN_WATCH_ADMIN_PORT ?? 8785);
  if (!Number.isInteger(adminPort) || adminPort < 0 || adminPort > 65535) {
    throw new UsageError(
      text.portSettingInvalid('CHURN_WATCH_ADMIN_PORT', String(process.env.CHURN_WATCH_ADMIN_PORT)),
    );
  }

  const services = await startEmbeddedServices({ dataDir, ...localRobots(), timeZone, locale });
  Object.assign(process.env, services.env());
  // The demo's robots are this process's WeCom receiver on 127.0.0.1, even with LocalStack as the database.
  const store = openStore(process.env, { allowLoopbackWebhooks: true });
  let api: { url: string; close(): Promise<void> } | undefined;
  let admin: { url: string; close(): Promise<void> } | undefined;
  let scheduler: LocalScheduler | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let forgetRunning: (() => void) | undefined;
  try {
    await createMissingTables(store.client, store.tables);
    if (!(await demoSeeded(store))) {
      await seedDemo(store, services.wecom.webhookUrl.bind(services.wecom), dataDir, asOf, io, locale);
    }
    const moved: Record<string, unknown>[] = [];
    for await (const rep of scanItems(store.doc, store.tables.reps)) {
      const key = robotKey(rep.wecomWebhook);
      // Named after the rep, so the receiver page says whose robot it is without showing the key.
      if (key) services.wecom.registerKey(key, typeof rep.name === 'string' ? rep.name : undefined);
      // The demo's robots live in this receiver: when it listens on another port than at seeding time
      // (CHURN_WATCH_WECOM_PORT changed), point them at it, or every WeCom digest would wait for a retry.
      const current = key?.startsWith(SAMPLE_ROBOT_KEY_PREFIX) ? services.wecom.webhookUrl(key) : undefined;
      if (current && rep.wecomWebhook !== current) moved.push({ ...rep, wecomWebhook: current });
    }
    if (moved.length > 0) await ingest('reps', moved, store.ingestDeps(locale));
    const handler = createIngestHandler((requestLocale) => store.ingestDeps(requestLocale));
    const apiKey = localApiKey(join(dataDir, 'api-key'));
    // The digests' one-tap answer links are signed with a key made once, like the API key (0600).
    const actionKeyFile = join(dataDir, 'action-key');
    const actionKey = localApiKey(actionKeyFile);
    const actionLog = (line: string) => io.err(`${line}\n`);
    const followUpStores = dynamoFollowUpStores(store.doc, store.tables);
    try {
      api = await startIngestApiServer({
        port: apiPort,
        apiKey,
        handler,
        onError: (error) => io.err(`ingest API: ${(error as Error)?.message ?? String(error)}\n`),
        actions: {
          handler: (event) =>
            handleActionRequest(event, {
              ...followUpStores,
              key: actionKey,
              now: Date.now,
              log: actionLog,
            }),
        },
      });
    } catch (error) {
      if ((error as { name?: string }).name !== 'PortInUseError') throw error;
      throw new UsageError(text.apiPortInUse(apiPort));
    }
    try {
      admin = await startAdminPage({
        port: adminPort,
        doc: store.doc,
        tables: store.tables,
        locale,
        // On a stage's tables (CHURN_WATCH_SCHEDULE_PREFIX set) a save moves its schedules, as `config set` does.
        schedules: scheduleFollowerFromEnv(process.env),
        onError: (error) => io.err(`admin page: ${(error as Error)?.message ?? String(error)}\n`),
      });
    } catch (error) {
      if ((error as { name?: string }).name !== 'PortInUseError') throw error;
      throw new UsageError(text.adminPortInUse(adminPort));
    }
    io.err(`${describeEndpoints(services, locale)}\n`);
    // The CLI in another terminal needs both: without the SES one, run weekly finds no email to send with.
    // The API listens on 127.0.0.1, which a phone cannot reach: CHURN_WATCH_PUBLIC_URL names a tunnel to it instead.
    const actionUrl = process.env.CHURN_WATCH_PUBLIC_URL?.trim().replace(/\/+$/, '') || api.url;
    // The CLI signs the links of the digests it sends (`run`) with the same key, found through the file.
    const exports = `export AWS_ENDPOINT_URL_DYNAMODB=${withoutCredentials(services.endpoints.dynamodb)} AWS_ENDPOINT_URL_SESV2=${withoutCredentials(services.endpoints.sesv2)} ${ACTION_URL_ENV}=${shellWord(actionUrl)} ${ACTION_KEY_FILE_ENV}=${shellWord(actionKeyFile)}`;
    forgetRunning = recordRunningStack(dataDir, exports, services.wecom.url);
    io.err(`${text.exportLine(exports)}\n`);
    io.err(`${text.ingestApi(api.url, apiKey)}\n\n`);
    io.err(`${text.adminPage(admin.url)}\n\n`);
    const cycle = await openCycle(store, process.env, {
      actionLinks: { baseUrl: actionUrl, key: actionKey },
    });
    const daily = await runDaily(cycle, asOf);
    io.out(`${atRiskTable(daily, locale)}\n\n`);
    reportDaily(daily, io, locale);
    if (values.once) {
      // The list above was scored by the model the daily line names. The weekly refit trains the one for the
      // days after: a second model's line, with another threshold, for a run that ends here; said only if it failed.
      const { riskModel, ...weekly } = await runWeekly(cycle, asOf);
      reportWeekly(riskModel?.status === 'failed' ? { ...weekly, riskModel } : weekly, io, locale);
      // The inbox and the WeCom page live only as long as this process: pointing at them now would send the
      // admin to pages that are gone.
      io.err(`\n${text.onceDone}\n`);
      return 0;
    }
    io.err(`\n${text.whereMessagesAre(services.endpoints.sesv2, services.wecom.url)}\n`);
    scheduler = startLocalScheduler({
      readSchedules: async () => {
        const { config } = await loadConfig(store.doc, store.tables.config);
        const { dailyTime, weeklyDay, weeklyTime } = config.schedule;
        return {
          daily: { time: dailyTime, timeZone: config.timeZone },
          weekly: { time: weeklyTime, weekday: weeklyDay, timeZone: config.timeZone },
        };
      },
      run: async (kind, day) => {
        io.err(`\n${text.scheduledRun(new Date().toISOString(), kind)}\n`);
        await runAndReport(kind, cycle, day, io, locale);
      },
      onError: (kind, error) => io.err(`${kind}: ${describeError(error, locale)}\n`),
    });
    // What a run could not send (SES throttled, a robot busy) is retried every few minutes, as on AWS.
    retryTimer = setInterval(() => {
      retryDeliveries(cycle, dayOfInstant(Date.now(), timeZone))
        .then((retried) => {
          if (retried.sentNow > 0) io.err(`${text.retriedMore(retried.sentNow)}\n`);
        })
        .catch((error: unknown) => io.err(`retry: ${(error as Error)?.message}\n`));
    }, RETRY_EVERY_MS);
    retryTimer.unref();
    const { schedule } = (await loadConfig(store.doc, store.tables.config)).config;
    const weekday = weekdayName(schedule.weeklyDay, locale);
    io.err(`\n${text.running(schedule.dailyTime, weekday, schedule.weeklyTime, timeZone)}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    return 0;
  } finally {
    forgetRunning?.();
    scheduler?.stop();
    clearInterval(retryTimer);
    await api?.close();
    await admin?.close();
    store.close();
    await services.close();
  }
}

/**
 * The robots the local WeCom receiver knows: the demo's, and any the sample generator makes, so a sample
 * (`npm run sample -- --out …`, ids prefixed) imported while `npm start` runs reaches its robots too.
 */
export function localRobots(): { wecomKeys: string[]; wecomKeyPrefixes: string[] } {
  return {
    wecomKeys: Array.from(
      { length: 9 },
      (_, i) => `${SAMPLE_ROBOT_KEY_PREFIX}r${String(i + 1).padStart(2, '0')}`,
    ),
    wecomKeyPrefixes: [SAMPLE_ROBOT_KEY_PREFIX],
  };
}

const SEEDED_MARKER = { pk: 'local', sk: 'demo-seeded' };

/**
 * Whether the demo was imported in full. The marker is written last, so a first run stopped half-way seeds
 * again next time (importing is idempotent, so what was already stored is only counted as duplicates).
 */
async function demoSeeded(store: StoreContext): Promise<boolean> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tables.config, Key: SEEDED_MARKER }),
  );
  return Item !== undefined;
}

/** The robot key of a rep's webhook, or null; a URL the receiver cannot parse is skipped, not fatal. */
function robotKey(webhook: unknown): string | null {
  if (typeof webhook !== 'string' || !URL.canParse(webhook)) return null;
  return new URL(webhook).searchParams.get('key');
}

/** The demo distributor, imported through the same path as `churn-watch import` and the API. */
async function seedDemo(
  store: StoreContext,
  webhookUrl: (key: string) => string,
  dataDir: string,
  asOf: Day,
  io: CommandIo,
  locale: Locale,
): Promise<void> {
  io.err(`${cliTextFor(locale).local.importingDemo(DEMO_CUSTOMERS, 18)}\n`);
  const data = generateDistributor({
    seed: 42,
    customers: DEMO_CUSTOMERS,
    months: 18,
    endDate: formatDay(asOf),
  });
  // The demo's robots point at this receiver, wherever its port is.
  for (const rep of data.reps) {
    const key = robotKey(rep.wecomWebhook);
    if (key) rep.wecomWebhook = webhookUrl(key);
  }
  const dir = join(dataDir, 'demo');
  // With product names, as many ERP exports have them: the digests then name the products a shop stopped buying.
  await writeSampleFiles(dir, data, { names: true });
  for (const kind of DEMO_KINDS) {
    const summary = await importFile(kind, join(dir, `${kind}.csv`), store, io, locale, false);
    const { importing } = cliTextFor(locale);
    io.err(`${importing.demoLoaded(importing.kindName[kind], kind, summary.accepted)}\n`);
  }
  await store.doc.send(
    new PutCommand({
      TableName: store.tables.config,
      Item: { ...SEEDED_MARKER, at: new Date().toISOString() },
    }),
  );
}

/** The customers most at risk, as the table `evaluate` prints, with the count under it. */
function atRiskTable(daily: DailyRun, locale: Locale): string {
  const { evaluations, cutoffs, summary } = daily.evaluation;
  const atRisk = evaluations.filter((customer) => customer.atRisk);
  const shown = atRisk.slice(0, 20);
  const footer = cliTextFor(locale).local.atRiskFooter(
    evaluations.length,
    atRisk.length,
    atRisk.length > shown.length ? shown.length : null,
  );
  return `${renderTable({ asOf: summary.asOf, cutoffs }, shown, locale, false)}\n\n${footer}`;
}

/** A value as one shell word: quoted when it holds anything a shell would split or expand. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
