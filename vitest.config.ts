import { defineConfig } from 'vitest/config';
import { testFilesByKind } from './test/test-kinds.ts';

// Unit, integration and e2e tests are told apart by what each file imports (test/test-kinds.ts).
const files = testFilesByKind(import.meta.dirname);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: files.unit, hookTimeout: 30_000 },
      },
      {
        extends: true,
        // Hooks and tests start dynalite and the local servers, seed tables or synthesize the stack: on a loaded
        // 2-core machine that takes well over vitest's 10 s default (a seeded history and three CLI runs took
        // over 30 s at load 11), which then fails or skips the whole file.
        test: { name: 'integration', include: files.integration, hookTimeout: 120_000, testTimeout: 120_000 },
      },
      {
        extends: true,
        // Spawned `npm start`, the compiled CLI, `cdk synth` and Chromium: each hook may start a process tree.
        test: { name: 'e2e', include: files.e2e, hookTimeout: 180_000, testTimeout: 120_000 },
      },
    ],
  },
});
