import { parseArgs } from 'node:util';
import type { Locale } from '../core/locale.ts';
import { evaluateCommand } from './evaluate-command.ts';
import type { CommandIo } from './io.ts';

const SAMPLE_DIR = new URL('../../test/fixtures/sample-small/', import.meta.url);
const SAMPLE_AS_OF = '2026-11-20';

/**
 * `npm start`. Until the embedded services (DynamoDB, SES, WeCom) arrive, it evaluates the bundled demo
 * distributor and prints the customers at risk, so a first-time user sees the product's answer at once.
 */
export async function localCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { once: { type: 'boolean', default: false }, 'as-of': { type: 'string' } },
    strict: true,
  });
  const asOf = values['as-of'] ?? SAMPLE_AS_OF;
  const zh = locale === 'zh-CN';
  io.err(
    zh
      ? `演示经销商（内置示例数据），评估日期 ${asOf}。本地服务（DynamoDB、邮件、企业微信）将在后续版本提供。\n\n`
      : `Demo distributor (bundled sample data), as of ${asOf}. The local services (DynamoDB, email, WeCom) come in a later version.\n\n`,
  );
  const file = (name: string) => new URL(name, SAMPLE_DIR).pathname;
  return evaluateCommand(
    [
      '--orders',
      file('orders.csv'),
      '--customers',
      file('customers.csv'),
      '--visits',
      file('visits.csv'),
      '--coupons',
      file('coupons.csv'),
      '--complaints',
      file('complaints.csv'),
      '--as-of',
      asOf,
    ],
    io,
    locale,
  );
}
