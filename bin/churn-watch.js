#!/usr/bin/env node
// The published entry point. The sources are TypeScript and run through tsx's loader, so `npx churn-watch`
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./churn-watch-cli.ts');
process.exitCode = await main(process.argv.slice(2));
