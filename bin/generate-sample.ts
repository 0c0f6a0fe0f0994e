// Writes a deterministic demo distributor as CSV files: `npm run sample -- --out DIR`.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Locale, parseLocale } from '../functions/core/locale.ts';
import { argsRefusal } from '../functions/entry-points/cli/io.ts';
import { layOutHelp } from '../functions/entry-points/cli/help-layout.ts';
import { localDataDir, runningWecomUrl } from '../functions/entry-points/cli/running-stack.ts';
import { DEFAULT_PORTS, PORT_ENV_VARS } from '../functions/entry-points/local/ports.ts';
import { cliTextFor } from '../functions/text/cli-catalogue.ts';
import {
  generateDistributor,
  MAX_CUSTOMERS,
  MAX_MONTHS,
  MIN_MONTHS,
  parseDay,
} from '../functions/tools/sample/generate-distributor.ts';
import { ID_PREFIX, robotsAt, withIdPrefix } from '../functions/tools/sample/id-prefix.ts';
import { type SampleHeaders, writeSampleFiles } from '../functions/tools/sample/write-sample-files.ts';

/** Its own ids unless asked otherwise: the demo `npm start` seeds comes from the same generator, with C00001… */
const DEFAULT_ID_PREFIX = 'S-';

class Refused extends Error {}

function isDay(text: string): boolean {
  try {
    parseDay(text);
    return true;
  } catch {
    return false;
  }
}

/** The WeCom receiver the reps' robots should point at: the running stack's, else the configured port's. */
function wecomReceiver(env: NodeJS.ProcessEnv): { url: string; running: boolean } {
  const running = runningWecomUrl(localDataDir(env));
  if (running) return { url: running, running: true };
  const port = env[PORT_ENV_VARS.wecom]?.trim() || String(DEFAULT_PORTS.wecom);
  return { url: `http://127.0.0.1:${port}`, running: false };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const langAt = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const chosen = langAt < 0 ? undefined : (argv[langAt]?.split('=')[1] ?? argv[langAt + 1]);
  const locale: Locale = parseLocale(chosen) ?? parseLocale(env.CHURN_WATCH_LANG) ?? 'zh-CN';
  const text = cliTextFor(locale).tools.sample;
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(
      `${argsRefusal((error as Error).message, text.usage, locale)}\n\n${layOutHelp(text.usage)}\n`,
    );
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${layOutHelp(text.usage)}\n`);
    return 0;
  }
  const integer = (name: string, given: string, min = -Infinity, max = Infinity): number => {
    if (!/^-?\d+$/.test(given)) throw new Refused(text.notInteger(`--${name}`, given));
    const value = Number(given);
    if (value < min || value > max) throw new Refused(text.outOfRange(`--${name}`, min, max, value));
    return value;
  };
  try {
    if (!values.out) throw new Refused(text.outRequired);
    if (values.headers !== 'en' && values.headers !== 'zh')
      throw new Refused(text.headersChoice(values.headers));
    if (!ID_PREFIX.test(values['id-prefix'])) throw new Refused(text.prefixInvalid(values['id-prefix']));
    if (!isDay(values.end)) throw new Refused(cliTextFor(locale).tools.dateInvalid('--end', values.end));
    const headers: SampleHeaders = values.headers;
    const started = performance.now();
    const receiver = wecomReceiver(env);
    const generated = generateDistributor({
      seed: integer('seed', values.seed),
      customers: integer('customers', values.customers, 1, MAX_CUSTOMERS),
      months: integer('months', values.months, MIN_MONTHS, MAX_MONTHS),
      endDate: values.end,
    });
    const data = robotsAt(withIdPrefix(generated, values['id-prefix']), receiver.url);
    await writeSampleFiles(values.out, data, { headers });
    const orders = new Set(data.orderLines.map((line) => line.orderId)).size;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const lines = [
      text.wrote(
        data.customers.length,
        data.orderLines.length,
        orders,
        data.startDate,
        data.endDate,
        data.seed,
        values.out,
        seconds,
      ),
      text.ids(data.customers[0]?.customerId ?? ''),
      ...(data.reps.some((rep) => rep.wecomWebhook !== '')
        ? [text.robots(receiver.url, receiver.running)]
        : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    process.stderr.write(`generate-sample: ${error.message}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '42' },
      customers: { type: 'string', default: '1500' },
      months: { type: 'string', default: '18' },
      end: { type: 'string', default: '2026-11-20' },
      headers: { type: 'string', default: 'en' },
      'id-prefix': { type: 'string', default: DEFAULT_ID_PREFIX },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && realpathSync(invokedPath) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
