#!/usr/bin/env node
// The CDK app (cdk.json runs it through tsx). Choose the stage and time zone with
// `npx cdk synth -c churn-watch:stage=prod -c churn-watch:timeZone=Asia/Shanghai`.
import { createApp, InvalidContextError } from '../lib/create-app.ts';

try {
  createApp().app.synth();
} catch (error) {
  // A mistyped -c value is the admin's to fix: print the message alone, not a stack trace into our code.
  if (!(error instanceof InvalidContextError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
