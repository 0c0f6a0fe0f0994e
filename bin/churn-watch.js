#!/usr/bin/env node
// The published entry point. The sources are TypeScript and run through tsx's loader, so `npx churn-watch`
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// The SDK warns on every run under Node 20 (still supported here, Lambda runs 22); users need not see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `churn-watch risk show | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('./churn-watch-cli.ts');
process.exitCode = await main(process.argv.slice(2));
