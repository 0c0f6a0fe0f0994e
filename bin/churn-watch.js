#!/usr/bin/env node
// The published entry point. It runs the compiled CLI in dist/cli (built by `npm ci`, see bin/build-cli.ts)
// when that build is newer than every source it came from; otherwise the TypeScript sources through tsx's
// loader, so an edited source is never shadowed by an old build and `npx churn-watch` works with no build.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The SDK warns on every run under Node 20 (still supported here, Lambda runs 22); users need not see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `churn-watch risk show | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const root = new URL('../', import.meta.url);

/** Whether dist/cli was built from the sources as they are now (every input older than the build). */
function compiledIsFresh() {
  if (process.env.CHURN_WATCH_FROM_SOURCES) return false;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    // Paths joined as text: parsing a URL for each of the ~275 sources cost more than statting them.
    const dir = fileURLToPath(root);
    return inputs.every((input) => statSync(dir + input).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

let main;
if (compiledIsFresh()) {
  ({ main } = await import(new URL('dist/cli/churn-watch-cli.js', root).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./churn-watch-cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
