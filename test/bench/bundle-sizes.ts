// `npm run bundle-sizes [-- -c key=value …] [--keep]`: the size of every Lambda function's bundle, against
// the target of 500 KB each. It synthesizes the app in a temporary directory, as `cdk synth` would, and
// measures what landed there, so the figures are those of the real bundles, whatever the constructs' bundling
// options are now, and functions added to the stack are found without touching this script.
//
// What is checked: the deployment package, the zip `cdk deploy` uploads and Lambda fetches on a cold start
// (the code; ChurnWatchFunction keeps the source map out of it, beside the cloud assembly). Reported beside it:
// the code file Lambda loads (index.mjs), which Node parses, and the source map kept aside. The AWS SDK is bundled from our lock file (see ChurnWatchFunction), which alone is about 300 KB
// of each code file; the notifier, with three SDK clients, has the largest. Exits 1 when a package is over the
// target, or a function's code file cannot be found.
//
// -c key=value   context, as with `cdk synth` (over cdk.json's; the stage does not change the bundles)
// --keep         keep the synthesized cloud assembly and print where it is, to look into the bundles
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { cx_api } from 'aws-cdk-lib';
import { sourceMapDir } from '../../lib/constructs/churn-watch-function.ts';
import { createApp, InvalidContextError } from '../../lib/create-app.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const KB = 1024;
export const TARGET_KB = 500;
export const TARGET_BYTES = TARGET_KB * KB;
// The CDK CLI zips an asset directory with yazl at its default level, raw deflate level 6, one entry per file,
// no directory entries and no extra fields (DOS timestamps only).
const ZIP_DEFLATE_LEVEL = 6;
const ZIP_LOCAL_HEADER = 30;
const ZIP_CENTRAL_HEADER = 46;
const ZIP_END_RECORD = 22;
// The module a Node.js handler names is looked for with these extensions.
const NODE_MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

export interface Measured {
  readonly kind: 'measured';
  readonly name: string;
  readonly logicalId: string;
  readonly entry: string;
  /** Where the function's code was staged: the directory its zip is made of. */
  readonly dir: string;
  /** The function's environment variables as the template sets them, deploy-time values as placeholders. */
  readonly environment: Readonly<Record<string, string>>;
  readonly codeFile: string;
  readonly codeBytes: number;
  readonly mapBytes: number | undefined;
  readonly otherFiles: number;
  readonly zipBytes: number;
}

interface Unmeasured {
  readonly kind: 'skipped' | 'failed';
  readonly name: string;
  readonly logicalId: string;
  readonly reason: string;
}

export type FunctionReport = Measured | Unmeasured;

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      context: { type: 'string', short: 'c', multiple: true },
      keep: { type: 'boolean' },
    },
  });
  const outdir = mkdtempSync(path.join(tmpdir(), 'churn-watch-bundle-sizes-'));
  // On exit rather than in a `finally`: with CDK_OUTDIR set, as under the CLI, `App` synthesizes again before
  // the process exits (a no-op once synthesized, but not when createApp threw), and needs the directory then.
  if (!values.keep) process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  try {
    const reports = synthesizeAndMeasure(outdir, readContext(values.context ?? []));
    printReports(reports);
    if (values.keep) console.log(`\nCloud assembly kept in ${outdir}`);
    if (reports.length === 0) {
      console.error('No Lambda function found in the synthesized app.');
      return 1;
    }
    return reports.some(
      (report) => report.kind === 'failed' || (report.kind === 'measured' && report.zipBytes > TARGET_BYTES),
    )
      ? 1
      : 0;
  } catch (error) {
    // A mistyped -c value is the caller's to fix, as in bin/app.ts.
    if (!(error instanceof InvalidContextError)) throw error;
    console.error(error.message);
    return 1;
  }
}

/** cdk.json's context with the `-c key=value` arguments over it, as the CDK CLI gives them to the app. */
export function readContext(args: readonly string[]): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const context: Record<string, unknown> = {
    ...cdkJson.context,
    // Set by the CLI too, so the template carries the construct paths it would.
    [cx_api.PATH_METADATA_ENABLE_CONTEXT]: true,
  };
  for (const arg of args) {
    const separator = arg.indexOf('=');
    if (separator <= 0) throw new InvalidContextError(`Invalid -c ${arg}: use -c key=value.`);
    context[arg.slice(0, separator)] = arg.slice(separator + 1);
  }
  return context;
}

export function synthesizeAndMeasure(outdir: string, context: Record<string, unknown>): FunctionReport[] {
  // `App` writes to CDK_OUTDIR when not given an outdir, as it does under the CLI.
  process.env[cx_api.OUTDIR_ENV] = outdir;
  const assembly = createApp(context).app.synth();
  const reports: FunctionReport[] = [];
  for (const stack of assembly.stacksRecursively) {
    const assetDirs = fileAssetDirsByObjectKey(stack);
    const resources = (stack.template as { Resources?: Record<string, CfnResource> }).Resources ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type === 'AWS::CloudFormation::Stack') {
        reports.push({
          kind: 'failed',
          name: constructName(logicalId, resource),
          logicalId,
          reason: 'a nested stack: its functions are not looked at; teach this script nested stacks',
        });
        continue;
      }
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      reports.push(measureFunction(logicalId, resource, assetDirs, assembly.directory));
    }
  }
  return reports;
}

/** Where each file asset of the stack is staged, by the S3 object key it is published to. */
function fileAssetDirsByObjectKey(stack: cx_api.CloudFormationStackArtifact): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const dependency of stack.dependencies) {
    if (!cx_api.AssetManifestArtifact.isAssetManifestArtifact(dependency)) continue;
    const manifestDir = path.dirname(path.resolve(dependency.assembly.directory, dependency.file));
    for (const asset of Object.values(dependency.contents.files ?? {})) {
      // Assets made by a command at publish time have no staged path to measure.
      if (asset.source.path === undefined || asset.source.packaging === 'file') continue;
      for (const destination of Object.values(asset.destinations)) {
        dirs.set(destination.objectKey, path.resolve(manifestDir, asset.source.path));
      }
    }
  }
  return dirs;
}

function measureFunction(
  logicalId: string,
  resource: CfnResource,
  assetDirs: ReadonlyMap<string, string>,
  assemblyDir: string,
): FunctionReport {
  const name = constructName(logicalId, resource);
  const properties = resource.Properties ?? {};
  const code = (properties.Code ?? {}) as Record<string, unknown>;
  const skipped = (reason: string): Unmeasured => ({ kind: 'skipped', name, logicalId, reason });
  if (code.ZipFile !== undefined) return skipped('inline code');
  if (code.ImageUri !== undefined) return skipped('a container image');
  const dir = typeof code.S3Key === 'string' ? assetDirs.get(code.S3Key) : undefined;
  if (dir === undefined) return skipped('code not from a directory asset of this app');
  const runtime = String(properties.Runtime ?? '');
  if (!runtime.startsWith('nodejs')) return skipped(`runtime ${runtime || '?'}, not Node.js`);

  const handler = String(properties.Handler ?? '');
  const modulePath = handler.slice(0, handler.lastIndexOf('.'));
  const codeFile = NODE_MODULE_EXTENSIONS.map((extension) => modulePath + extension).find((file) =>
    existsSync(path.join(dir, file)),
  );
  if (modulePath === '' || codeFile === undefined) {
    return { kind: 'failed', name, logicalId, reason: `no module for handler "${handler}" in ${dir}` };
  }
  const files = listFiles(dir);
  const sizeOf = (file: string) => files.get(file)?.length;
  // In the asset when a function is bundled with its map; else where ChurnWatchFunction keeps it.
  const keptMap = path.join(sourceMapDir(assemblyDir, name), `${codeFile}.map`);
  const mapInAsset = files.has(`${codeFile}.map`);
  const mapPath = mapInAsset ? path.join(dir, `${codeFile}.map`) : existsSync(keptMap) ? keptMap : undefined;
  const mapBytes = mapPath === undefined ? undefined : readFileSync(mapPath).length;
  return {
    kind: 'measured',
    name,
    logicalId,
    entry: mapPath === undefined ? '?' : entryFromSourceMap(mapPath),
    dir,
    environment: lambdaEnvironment(properties),
    codeFile,
    codeBytes: sizeOf(codeFile) ?? 0,
    mapBytes,
    otherFiles: files.size - (mapInAsset ? 2 : 1),
    zipBytes: zipSize(files),
  };
}

/**
 * The function's environment variables. A value CloudFormation resolves at deploy time (a secret's ARN from a
 * Ref, the API's URL from a Fn::Join) becomes a placeholder of the same kind, so the module loads as on Lambda.
 */
function lambdaEnvironment(properties: Record<string, unknown>): Record<string, string> {
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  return Object.fromEntries(
    Object.entries(variables ?? {}).map(([name, value]) => [
      name,
      typeof value === 'string'
        ? value
        : name.endsWith('_URL')
          ? 'https://example.invalid/dev'
          : 'arn:aws:secretsmanager:us-east-1:000000000000:secret:placeholder',
    ]),
  );
}

/** The construct path without the `/Resource` of the L1, from the metadata the CLI also writes. */
function constructName(logicalId: string, resource: CfnResource): string {
  const cdkPath = resource.Metadata?.[cx_api.PATH_METADATA_KEY];
  return typeof cdkPath === 'string' ? cdkPath.replace(/\/Resource$/, '') : logicalId;
}

/**
 * The handler's source file: esbuild writes an ES module bundle dependencies first, so the entry point, which
 * nothing imports, is the last source in the map.
 */
function entryFromSourceMap(mapPath: string): string {
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources?: string[]; sourceRoot?: string };
  const last = map.sources?.at(-1);
  if (last === undefined) return '?';
  // Relative to where esbuild wrote the bundle, which the map no longer sits beside: the repository part.
  return /(?:^|\/)((?:functions|lib|bin)\/[^]*)$/.exec(last)?.[1] ?? last;
}

/** Every file under `dir` by its path in the zip, as the CLI zips it: dot files too, no directories. */
function listFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full));
  }
  return files;
}

/** The size of the zip the CLI would upload: each file deflated as its zip library does, plus the headers. */
function zipSize(files: ReadonlyMap<string, Buffer>): number {
  let total = ZIP_END_RECORD;
  for (const [name, data] of files) {
    const nameBytes = Buffer.byteLength(name);
    total += ZIP_LOCAL_HEADER + ZIP_CENTRAL_HEADER + 2 * nameBytes;
    total += deflateRawSync(data, { level: ZIP_DEFLATE_LEVEL }).length;
  }
  return total;
}

export function printReports(reports: readonly FunctionReport[]): void {
  const kb = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / KB).toFixed(1));
  const measured = reports.filter((report): report is Measured => report.kind === 'measured');
  const rows = measured.map((report) => [
    report.name,
    report.logicalId,
    report.entry,
    report.codeFile,
    kb(report.codeBytes),
    kb(report.mapBytes),
    kb(report.zipBytes),
    report.zipBytes > TARGET_BYTES
      ? `OVER by ${kb(report.zipBytes - TARGET_BYTES)}`
      : `ok, ${kb(TARGET_BYTES - report.zipBytes)} to spare`,
  ]);
  const header = [
    'Function',
    'Logical id',
    'Entry',
    'Code file',
    'Code',
    'Source map',
    'Zip',
    `Zip vs ${TARGET_KB} KB`,
  ];
  const numeric = new Set([4, 5, 6]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();

  console.log(
    `Lambda bundles, sizes in KB of ${KB} bytes; target: deployment package (zip) ≤ ${TARGET_KB} KB per function\n`,
  );
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  console.log(
    '\nCode: the module the handler names, which Lambda loads and Node parses.\n' +
      'Source map: kept beside the cloud assembly (source-maps/), not in the zip and not loaded by Lambda; its ' +
      'sources are paths from the synth directory, a temporary one here, so it can differ from cdk.out by a few KB.\n' +
      `Zip: computed, not measured: each file deflated at level ${ZIP_DEFLATE_LEVEL} with node:zlib plus zip ` +
      'headers, as the CDK CLI builds the upload; the only column held to the target.\n' +
      'Entry: the last source in the source map, where esbuild puts the entry point.',
  );
  for (const report of measured) {
    if (report.otherFiles > 0) {
      console.log(`${report.name}: ${report.otherFiles} more file(s) in the bundle, counted in Zip only`);
    }
  }
  for (const report of reports) {
    if (report.kind === 'skipped')
      console.log(`Skipped ${report.name} (${report.logicalId}): ${report.reason}`);
    if (report.kind === 'failed')
      console.error(`FAILED ${report.name} (${report.logicalId}): ${report.reason}`);
  }
  const over = measured.filter((report) => report.zipBytes > TARGET_BYTES).length;
  const failed = reports.filter((report) => report.kind === 'failed').length;
  console.log(
    `\n${measured.length} function(s) measured, ${over} over ${TARGET_KB} KB` +
      (failed > 0 ? `, ${failed} failed` : ''),
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')))
  process.exitCode = main();
