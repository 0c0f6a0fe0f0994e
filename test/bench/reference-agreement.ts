// The plain Python reference (reference-evaluate.py) and `churn-watch evaluate` must say the same about every
// customer, or the bench's speed ratio compares two different computations. Like with like: the CLI runs
// with what the reference implements (rules only: riskModel off; low_p_alive off, as by default), and both
// list every customer. A customer agrees when its tier, status, fired rules (in order), rules-only risk and
// money at risk are the same on both sides.
//
// `npx tsx test/bench/reference-agreement.ts [--orders FILE --as-of DAY [--visits FILE] [--complaints FILE]]`
// checks one export (default: the committed sample, test/fixtures/sample-small, on two days); exits 1 when
// any customer disagrees. `npm run bench` runs it on its generated export.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../functions/entry-points/cli/project-root.ts';

const ROOT = projectRoot(import.meta.url);
export const REFERENCE = join(ROOT, 'test', 'bench', 'reference-evaluate.py');
export const PYTHON = process.env.PYTHON ?? 'python3';
/** What the reference implements, as a `--config` file: the rules' own risk, no BG/NBD rule. */
export const RULES_ONLY_CONFIG = {
  riskModel: { enabled: false },
  rules: { low_p_alive: { enabled: false } },
};
const MAX_DIFFERENCES_SHOWN = 5;

export interface ExportFiles {
  readonly orders: string;
  readonly asOf: string;
  readonly visits?: string | undefined;
  readonly complaints?: string | undefined;
}

export interface Agreement {
  readonly customers: number;
  readonly agreeing: number;
  readonly atRiskCli: number;
  readonly atRiskReference: number;
  /** The first few customers that disagree, each with what differs. */
  readonly differences: readonly string[];
}

interface Compared {
  customerId: string;
  tier: string;
  status: string;
  risk: number;
  moneyAtRisk: number;
  rules: string[];
}

/** Why the reference cannot run here (no python3, or one older than 3.11), or null when it can. */
export function pythonMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import sys; sys.exit(sys.version_info < (3, 11))'], {
    stdio: 'ignore',
  });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  return probe.status === 0 ? null : `${PYTHON} is older than 3.11`;
}

/** The arguments both sides read the export with. */
export function exportArgs(files: ExportFiles): string[] {
  return [
    '--orders',
    files.orders,
    '--as-of',
    files.asOf,
    ...(files.visits ? ['--visits', files.visits] : []),
    ...(files.complaints ? ['--complaints', files.complaints] : []),
    '--all',
  ];
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1024 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

function customersOf(
  json: string,
  rulesOf: (customer: Record<string, unknown>) => string[],
): Map<string, Compared> {
  const { customers } = JSON.parse(json) as { customers: Record<string, unknown>[] };
  return new Map(
    customers.map((customer) => {
      const compared: Compared = {
        customerId: String(customer.customerId),
        tier: String(customer.tier),
        status: String(customer.status),
        risk: Number(customer.risk),
        moneyAtRisk: Number(customer.moneyAtRisk),
        rules: rulesOf(customer),
      };
      return [compared.customerId, compared];
    }),
  );
}

function differenceOf(cli: Compared | undefined, reference: Compared | undefined): string | null {
  if (!cli || !reference) return cli ? 'missing from the reference' : 'missing from the CLI';
  const parts: string[] = [];
  for (const key of ['tier', 'status', 'risk', 'moneyAtRisk'] as const) {
    if (cli[key] !== reference[key]) parts.push(`${key} ${cli[key]} (CLI) vs ${reference[key]} (reference)`);
  }
  if (cli.rules.join() !== reference.rules.join()) {
    parts.push(`rules [${cli.rules.join(', ')}] (CLI) vs [${reference.rules.join(', ')}] (reference)`);
  }
  return parts.length === 0 ? null : parts.join('; ');
}

/** Runs the CLI (`node bin/churn-watch.js`, rules only) and the reference on one export and compares them. */
export function checkAgreement(files: ExportFiles): Agreement {
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-agreement-'));
  try {
    const config = join(dir, 'rules-only.json');
    writeFileSync(config, JSON.stringify(RULES_ONLY_CONFIG));
    const cliJson = run(process.execPath, [
      join(ROOT, 'bin', 'churn-watch.js'),
      'evaluate',
      ...exportArgs(files),
      '--format',
      'json',
      '--config',
      config,
    ]);
    const referenceJson = run(PYTHON, [REFERENCE, ...exportArgs(files)]);
    const cli = customersOf(cliJson, (customer) =>
      (customer.findings as { rule: string }[]).map((finding) => finding.rule),
    );
    const reference = customersOf(referenceJson, (customer) => customer.rules as string[]);
    const ids = new Set([...cli.keys(), ...reference.keys()]);
    const differences: string[] = [];
    let agreeing = 0;
    for (const id of ids) {
      const difference = differenceOf(cli.get(id), reference.get(id));
      if (difference === null) agreeing++;
      else differences.push(`${id}: ${difference}`);
    }
    const atRisk = (customers: Map<string, Compared>) =>
      [...customers.values()].filter((customer) => customer.status === 'at_risk').length;
    return {
      customers: ids.size,
      agreeing,
      atRiskCli: atRisk(cli),
      atRiskReference: atRisk(reference),
      differences: differences.slice(0, MAX_DIFFERENCES_SHOWN),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `5200 of 5200 customers agree (…); at risk: 1906 (CLI) and 1906 (reference)`, then any differences. */
export function describeAgreement(agreement: Agreement): string {
  const lines = [
    `${agreement.agreeing.toLocaleString('en')} of ${agreement.customers.toLocaleString('en')} customers agree ` +
      `(tier, status, fired rules, rules-only risk, money at risk); at risk: ` +
      `${agreement.atRiskCli.toLocaleString('en')} (CLI) and ${agreement.atRiskReference.toLocaleString('en')} (reference)`,
    ...agreement.differences.map((difference) => `  differs: ${difference}`),
  ];
  return lines.join('\n');
}

function main(): number {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string' },
      'as-of': { type: 'string' },
      visits: { type: 'string' },
      complaints: { type: 'string' },
    },
  });
  const missing = pythonMissing();
  if (missing) {
    console.error(`The reference needs Python 3.11: ${missing}`);
    return 1;
  }
  const sample = join(ROOT, 'test', 'fixtures', 'sample-small');
  const checks: ExportFiles[] = values.orders
    ? [
        {
          orders: values.orders,
          asOf: values['as-of'] ?? '',
          visits: values.visits,
          complaints: values.complaints,
        },
      ]
    : ['2026-11-20', '2026-03-15'].map((asOf) => ({
        orders: join(sample, 'orders.csv'),
        visits: join(sample, 'visits.csv'),
        complaints: join(sample, 'complaints.csv'),
        asOf,
      }));
  let allAgree = true;
  for (const files of checks) {
    const agreement = checkAgreement(files);
    console.log(`${files.orders} as of ${files.asOf}: ${describeAgreement(agreement)}`);
    allAgree &&= agreement.agreeing === agreement.customers;
  }
  return allAgree ? 0 : 1;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')))
  process.exitCode = main();
