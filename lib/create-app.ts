import { App } from 'aws-cdk-lib';
import { ChurnWatchStack } from './churn-watch-stack.ts';

export const STAGE_CONTEXT_KEY = 'churn-watch:stage';
export const TIME_ZONE_CONTEXT_KEY = 'churn-watch:timeZone';
export const DEFAULT_STAGE = 'dev';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// Short and lowercase because the stage ends up in the stack name and tags, and later in resource names
// that have tight length limits.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/** A deployment setting given with `-c key=value` or in cdk.json that cannot be used. */
export class InvalidContextError extends Error {
  override readonly name = 'InvalidContextError';
}

export interface ChurnWatchApp {
  readonly app: App;
  readonly stack: ChurnWatchStack;
}

/**
 * Builds the CDK app without synthesizing it, so tests can inspect the stack without spawning the CLI.
 *
 * @param context context values that the CLI's (`-c`, cdk.json) override; the CLI passes its own through
 *   the environment, which `App` reads.
 * @example
 * const { app } = createApp();
 * app.synth();
 */
export function createApp(context: Record<string, unknown> = {}): ChurnWatchApp {
  const app = new App({ context });
  const stage = readStage(app.node.tryGetContext(STAGE_CONTEXT_KEY));
  const timeZone = readTimeZone(app.node.tryGetContext(TIME_ZONE_CONTEXT_KEY));
  const stack = new ChurnWatchStack(app, `ChurnWatch-${stage}`, {
    stage,
    timeZone,
    description: `churn-watch (${stage}): churn early warning for FMCG distributors`,
  });
  return { app, stack };
}

function readStage(value: unknown): string {
  if (value === undefined) return DEFAULT_STAGE;
  if (typeof value !== 'string' || !STAGE_PATTERN.test(value)) {
    throw new InvalidContextError(
      `Invalid context ${STAGE_CONTEXT_KEY}=${JSON.stringify(value)}: use 1 to 16 characters, a lowercase ` +
        `letter first, then lowercase letters, digits or "-" (for example dev, test, prod).`,
    );
  }
  return value;
}

function readTimeZone(value: unknown): string {
  if (value === undefined) return DEFAULT_TIME_ZONE;
  // Newer Node versions accept offsets like "+08:00", but EventBridge Scheduler only takes names.
  if (typeof value !== 'string' || /^[+-]/.test(value)) throw invalidTimeZone(value);
  try {
    // Returns the name in its canonical spelling ("asia/shanghai" → "Asia/Shanghai"), which Scheduler wants.
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch (error) {
    throw invalidTimeZone(value, error);
  }
}

function invalidTimeZone(value: unknown, cause?: unknown): InvalidContextError {
  return new InvalidContextError(
    `Invalid context ${TIME_ZONE_CONTEXT_KEY}=${JSON.stringify(value)}: use an IANA time zone name such as ` +
      `${DEFAULT_TIME_ZONE} or UTC.`,
    { cause },
  );
}
