import path from 'node:path';
import {
  Stage,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_nodejs as nodejs,
  aws_logs as logs,
  type Duration,
  RemovalPolicy,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { STAGE_ENV } from '../../functions/contracts/telemetry.ts';

/** The repository root: handler entries are given relative to it, and it holds the lock file we tested with. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

// Bundled ESM has no `require`, but CommonJS code inside the bundle (parts of the SDK's dependency tree)
// still calls it for Node built-ins. The alias keeps the banner from clashing with a bundled `createRequire`.
const ESM_REQUIRE_BANNER =
  "import { createRequire as topLevelCreateRequire } from 'node:module';" +
  'const require = topLevelCreateRequire(import.meta.url);';

/**
 * Where the source map of the function at `constructPath` (e.g. `ChurnWatch-dev/IngestApi/Function`) is kept,
 * beside the cloud assembly in `assemblyDir` and never uploaded.
 */
export function sourceMapDir(assemblyDir: string, constructPath: string): string {
  const parts = constructPath.split('/');
  const id = parts.pop() ?? constructPath;
  return path.join(assemblyDir, 'source-maps', parts.join('/').replace(/[^\w.-]+/g, '-'), id);
}

export interface ChurnWatchFunctionProps extends Omit<
  nodejs.NodejsFunctionProps,
  | 'entry'
  | 'timeout'
  | 'bundling'
  | 'projectRoot'
  | 'depsLockFilePath'
  | 'code'
  | 'logGroup'
  | 'logRetention'
  | 'logRetentionRole'
  | 'logRetentionRetryOptions'
> {
  /** The handler file relative to the repository root, e.g. `functions/entry-points/lambda/ingest-api.ts`. */
  readonly entry: string;
  /** No default: how long a function may run is a decision about its work, not a house style. */
  readonly timeout: Duration;
  /** The deployment stage (`dev`, `prod`): a dimension of every metric the function publishes. */
  readonly stage: string;
  /** Of the function's log group; the stack decides it per stage. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A churn-watch Lambda function with the house defaults: Node.js 24 on ARM64, 512 MB, a log group kept for
 * a month, minified ESM that keeps its function names. The source map is not deployed: it was 57% of each zip,
 * and mapping every stack trace (`--enable-source-maps`) cost 9–14% of a cold start. It is kept beside the
 * cloud assembly instead, in `source-maps/<stack>/<function>/index.mjs.map`, to map a trace from the logs.
 *
 * @example
 * const fn = new ChurnWatchFunction(this, 'Evaluator', {
 *   entry: 'functions/entry-points/lambda/evaluator.ts',
 *   stage: 'dev',
 *   timeout: Duration.minutes(5),
 * });
 */
export class ChurnWatchFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: ChurnWatchFunctionProps) {
    const { entry, removalPolicy, environment, stage, ...rest } = props;
    // Created beside the function rather than left to Lambda, which would create one that keeps every log
    // line forever and outlives the stack.
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Its own role, allowed to write to its own log group only, instead of the AWS-managed basic execution
    // policy, which may write to every log group of the account.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `churn-watch function ${id}: its own logs, plus the grants of its construct`,
    });
    logGroup.grantWrite(role);
    const assembly = Stage.of(scope)?.outdir;
    const mapsDir = assembly ? sourceMapDir(assembly, `${scope.node.path}/${id}`) : undefined;
    super(scope, id, {
      // The newest Node.js Lambda offers; the code is tested on Node 20 and later.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      ...rest,
      entry: path.join(REPO_ROOT, entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      logGroup,
      role,
      environment: { ...environment, [STAGE_ENV]: stage },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        // Prefer the ES module build of each dependency, so esbuild does not wrap CommonJS where it need not.
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node24',
        minify: true,
        // Stack traces in the logs still name our functions without a source map.
        keepNames: true,
        sourceMap: mapsDir !== undefined,
        sourceMapMode: nodejs.SourceMapMode.EXTERNAL,
        // Names and positions are enough to map a trace; the sources would triple the file.
        sourcesContent: false,
        // Out of the asset (and so out of the zip) before it is staged.
        ...(mapsDir
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [
                  `mkdir -p "${mapsDir}"`,
                  `mv "${outputDir}/index.mjs.map" "${mapsDir}/index.mjs.map"`,
                ],
              },
            }
          : {}),
        // The SDK v3 is bundled from our lock file instead of taken from the runtime: the runtime's copy
        // changes under us without notice, and the code should run with the versions its tests ran with.
        bundleAwsSDK: true,
      },
    });
  }
}
