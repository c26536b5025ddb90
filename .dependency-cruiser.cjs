/**
 * The architecture's import rules (docs/architecture.md), checked by `npm run check:architecture` in CI.
 * Layers, bottom up: errors → platform → modules (each through its index.ts) → config → graphql → app → cli.
 * connectors/ sits beside them and knows nothing of src/.
 */

/** A file of src/modules/<module>/ other than its index.ts. */
const MODULE_INTERNALS = '^src/modules/([^/]+)/(?!index\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No file may depend on itself through others: cycles make modules impossible to read or change alone.',
      severity: 'error',
      from: { path: '^(src|connectors|bench|migrations)/' },
      to: { circular: true },
    },
    {
      name: 'module-through-its-index',
      comment: "Another module's files are reached only through its index.ts, its one public face.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: MODULE_INTERNALS, pathNot: '^src/modules/$1/' },
    },
    {
      name: 'outside-through-module-index',
      comment: 'Code outside the modules (config, graphql, app, cli, bench) reaches a module through its index.ts.',
      severity: 'error',
      from: { path: '^(src/(?!modules/)|bench/)' },
      to: { path: MODULE_INTERNALS },
    },
    {
      name: 'errors-is-the-ground',
      comment: 'HubError and its codes import nothing of the hub.',
      severity: 'error',
      from: { path: '^src/errors/' },
      to: { path: '^(src/(?!errors/)|connectors/|migrations/)' },
    },
    {
      name: 'platform-is-the-ground-floor',
      comment: 'platform/ (database, queue, logger, HTTP and CSV primitives) imports nothing above it.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^(src/(modules|graphql|app|cli|config)/|connectors/|migrations/)' },
    },
    {
      name: 'modules-know-no-upper-floor',
      comment: 'Modules are passed their settings and collaborators; they import no config, API, composition root or CLI.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^(src/(graphql|app|cli|config)/|migrations/)' },
    },
    {
      name: 'config-below-the-api',
      comment: 'config reads the environment and each module\'s settings schema; nothing above it.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(graphql|app|cli)/' },
    },
    {
      name: 'graphql-below-the-app',
      comment: 'The API layer translates GraphQL to module services; it does not know how they are built.',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'app-below-the-cli',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'connectors-know-no-hub',
      comment: 'Connectors (and their tests) import nothing of src/: the record vocabulary they produce is in connectors/sdk/records.',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: '^(src|migrations|test|bench)/' },
    },
    {
      name: 'hub-uses-the-sdk-faces',
      comment: 'The hub reaches connectors through the SDK (connectors/sdk, connectors/sdk/records) and the registry; the demo and `hub emulate` also start emulators.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app/demo-platforms|cli/commands/emulate\\.command)\\.ts$' },
      to: { path: '^connectors/', pathNot: '^connectors/(sdk/index|sdk/records/index|registry)\\.ts$' },
    },
    {
      name: 'orm-only-in-the-platform',
      comment: 'MikroORM is the migrator and the pool: only platform/database and the migrations import it; stores run plain parameterized SQL.',
      severity: 'error',
      from: { pathNot: '^(src/platform/database/|migrations/)' },
      to: { path: 'node_modules/@mikro-orm/' },
    },
    {
      name: 'no-dev-dependencies-in-production-code',
      comment: 'Code the hub runs must not need a devDependency (fast-check, vitest, …): npm install --omit=dev would break it.',
      severity: 'error',
      from: { path: '^(src|connectors|migrations)/', pathNot: '(\\.test\\.ts|/test-kit\\.ts|/emulation/.*|/emulator[^/]*\\.ts|/emulated-[^/]*\\.ts)$' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/graphql/client/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
