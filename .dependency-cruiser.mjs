// The direction of imports, checked by `npm test` (dependency-cruiser). docs/architecture.md draws the layers.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contracts-are-dependency-free',
      severity: 'error',
      comment:
        'functions/contracts holds the names the functions and the CDK app share (env variables, table keys, ' +
        'sizing, schedule expressions, metric names): it imports nothing, so the CDK app pulls no runtime code.',
      from: { path: '^functions/contracts/' },
      to: { pathNot: '^functions/contracts/' },
    },
    {
      name: 'domain-imports-no-adapter',
      severity: 'error',
      comment:
        'functions/core is the domain: pure rules, scoring and records. It may use the contracts and a few pure ' +
        'packages, never storage, the network, the CLI or the entry points.',
      from: { path: '^functions/core/' },
      to: {
        pathNot: ['^functions/core/', '^functions/contracts/', '^node_modules/(zod|@date-fns/tz|date-fns)/'],
      },
    },
    {
      name: 'text-is-words-only',
      severity: 'error',
      comment:
        'functions/text holds what churn-watch says to people: the catalogues per locale and the wording helpers ' +
        'that pick from them. It reads domain types and formats values, nothing else: no storage, no network.',
      from: { path: '^functions/text/' },
      to: { pathNot: ['^functions/text/', '^functions/core/', '^functions/contracts/'] },
    },
    {
      name: 'infrastructure-imports-only-contracts',
      severity: 'error',
      comment:
        'The CDK app (lib/constructs, lib/*.ts, bin/app.ts) may import from functions/ only the contracts; the ' +
        'handlers reach it as bundling entry paths, not as imports.',
      from: { path: '^(lib/constructs/|lib/[^/]+\\.ts$|bin/app\\.ts$)' },
      to: { path: '^functions/', pathNot: '^functions/contracts/' },
    },
    {
      name: 'no-entry-point-imports-from-below',
      severity: 'error',
      comment:
        'Use cases, adapters and renderers do not import the entry points (CLI commands, Lambda handlers, the ' +
        'local runtime) or the CDK app.',
      from: { path: '^functions/', pathNot: '^functions/(cli|handlers)/' },
      to: { path: '^(functions/cli/|functions/handlers/|lib/|bin/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
