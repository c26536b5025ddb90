import tsParser from '@typescript-eslint/parser';

/**
 * Two rules of docs/architecture.md that are about code, not imports (dependency-cruiser checks those):
 * SQL runs only in stores, and only src/config reads the environment. Style is left to review.
 */
export default [
  { ignores: ['node_modules/**', 'src/graphql/client/**', '.data/**', 'bench/results/**'] },
  {
    files: ['src/**/*.ts', 'connectors/**/*.ts', 'migrations/**/*.ts'],
    languageOptions: { parser: tsParser },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config reads process.env: add a setting to HubConfig and pass it down.' },
      ],
    },
  },
  { files: ['src/config/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['src/**/*.ts', 'connectors/**/*.ts'],
    ignores: ['src/**/*.store.ts', 'src/platform/database/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|copyRows)$/]',
          message: "SQL runs only in a module's *.store.ts files (and platform/database's primitives): move the statement into the store that owns its tables.",
        },
      ],
    },
  },
];
