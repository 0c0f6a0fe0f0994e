// The direction of imports, checked by `npm test` (dependency-cruiser). docs/architecture.md draws the layers:
//   functions/contracts   names shared with the CDK app; imports nothing
//   functions/core        the domain; imports contracts and a few pure packages
//   functions/text        what churn-watch says to people (catalogues per locale); imports the domain's types
//   functions/render      view models into HTML, WeCom markdown, text and charts; imports domain and text
//   functions/adapters    DynamoDB, SES, WeCom, Scheduler, Secrets Manager, CSV files
//   functions/use-cases   ingest, the daily cycle, notify, settings, follow-up: domain + render + adapters
//   functions/entry-points  Lambda handlers, the CLI, the local runtime (npm start) and its admin page
//   functions/tools       the demo generator
//   lib/                  the CDK app; imports only the contracts
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
        'packages, never words for people, storage, the network, the CLI or the entry points.',
      from: { path: '^functions/core/' },
      to: {
        pathNot: ['^functions/core/', '^functions/contracts/', 'node_modules/(zod|@date-fns/tz|date-fns)/'],
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
      name: 'lambdas-load-no-cli-words',
      severity: 'error',
      comment:
        "The command line's words (--help, the commands' output, the admin page) are a catalogue of their own " +
        '(functions/text/cli-catalogue.ts, zh-CN/cli/, en/cli/) so no Lambda bundles them: esbuild keeps a whole ' +
        'catalogue object or none of it. A Lambda handler reaches words through textFor (text/catalogue.ts) only.',
      from: { path: '^functions/entry-points/lambda/' },
      to: { path: '^functions/text/(cli-catalogue\\.ts$|(zh-CN|en)/cli/)', reachable: true },
    },
    {
      name: 'cli-words-only-in-the-cli',
      severity: 'error',
      comment:
        'Use cases, renderers, the domain and the adapters the Lambdas share speak through textFor: a step the ' +
        'CLI and a Lambda both run cannot use the CLI catalogue. The CSV files adapter is read by the CLI alone.',
      from: {
        path: '^functions/(core|use-cases|render|adapters|contracts)/',
        pathNot: '^functions/adapters/csv/',
      },
      to: { path: '^functions/text/(cli-catalogue\\.ts$|(zh-CN|en)/cli/)' },
    },
    {
      name: 'view-models-are-figures',
      severity: 'error',
      comment:
        'A view model (render/*-model.ts) is what a message says before it is worded: figures and names, no ' +
        'words. The words are chosen once for both channels beside it (weekly-text.ts, customer-text.ts).',
      from: { path: '^functions/render/[^/]+-model\\.ts$' },
      to: { path: '^functions/text/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderers-only-render',
      severity: 'error',
      comment:
        'functions/render turns view models into HTML, WeCom markdown, text and PNG charts: no storage, no ' +
        'network, no use case (except the types of what a use case hands it).',
      from: { path: '^functions/render/' },
      to: {
        path: '^functions/(adapters|use-cases|entry-points|tools)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'use-cases-through-ports',
      severity: 'error',
      comment:
        'A use case declares the stores and senders it needs (its ports) and is handed them by the entry point; ' +
        'it holds no AWS SDK client and sends no DynamoDB, SES or Scheduler command itself, so it can be tested ' +
        'and reasoned about without one. functions/adapters implements the ports.',
      from: { path: '^functions/use-cases/' },
      to: { path: 'node_modules/@aws-sdk/' },
    },
    {
      name: 'adapters-serve-use-cases',
      severity: 'error',
      comment:
        'An adapter implements what a use case needs (storage, sending, scheduling, reading files); it does not ' +
        'call use cases or entry points (it may name the types a use case declares for it).',
      from: { path: '^functions/adapters/' },
      to: { path: '^functions/(use-cases|entry-points|tools)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'infrastructure-imports-only-contracts',
      severity: 'error',
      comment:
        'The CDK app (lib/, bin/app.ts) may import from functions/ only the contracts; the handlers reach it ' +
        'as bundling entry paths, not as imports.',
      from: { path: '^(lib/|bin/app\\.ts$)' },
      to: { path: '^functions/', pathNot: '^functions/contracts/' },
    },
    {
      name: 'no-entry-point-imports-from-below',
      severity: 'error',
      comment:
        'Use cases, adapters, renderers and the domain do not import the entry points (Lambda handlers, CLI ' +
        'commands, the local runtime), the demo generator or the CDK app.',
      from: { path: '^functions/', pathNot: '^functions/(entry-points|tools)/' },
      to: { path: '^(functions/entry-points/|functions/tools/|lib/|bin/)' },
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
