// One lint for the workspace: typescript-eslint's recommended rules, Nx's module boundaries
// (the layering in ARCHITECTURE.md), size limits, and Prettier owning the formatting.
import eslintComments from '@eslint-community/eslint-plugin-eslint-comments';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Layers: core depends on no other project; plugins depend on core only; nothing published
// imports tools/ or e2e/; tools may use core; e2e may use anything.
const layers = [
  { sourceTag: 'layer:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:plugin', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['layer:core', 'scope:tools'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
];
const moduleBoundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints,
    // core's specs use the test support in tools/testing (`@nx-codex/testing`) and tools/bench
    // measures core: a cycle through test code only. The published side stays acyclic because
    // core's non-test files may import no project at all (layer:core above).
    ignoredCircularDependencies: [['core', 'tools']],
    // Executors load core's index with `await import()` so that Nx loading the plugin stays cheap;
    // static imports of it elsewhere are fine (this check is about bundlers' lazy chunks).
    checkDynamicDependenciesExceptions: ['@nx-codex/core'],
  },
];
// Test support inside packages: what tsconfig.lib.json leaves out of the published build.
const packageTestFiles = [
  'packages/*/src/**/*.spec.ts',
  'packages/*/src/**/testing/**',
  'packages/*/src/e2e/**',
  'packages/*/e2e/**',
  'packages/*/e2e-support/**',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', 'tmp/**', 'examples/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    plugins: { '@eslint-community/eslint-comments': eslintComments },
    rules: {
      // A rule switched off in the code says why, after `--`.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable'] }],
      '@nx/enforce-module-boundaries': moduleBoundaries(layers),
      // One concern per file, a function readable at a glance. A longer one says why in the
      // directive: `// eslint-disable-next-line max-lines-per-function -- <reason>`.
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // A package's tests may use the repository's test support (tools/testing: a local model, a
    // CODEX_HOME, a remote cache); it is never published, and its published source may not.
    files: packageTestFiles,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([
        { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['scope:tools'] },
        { sourceTag: 'layer:plugin', onlyDependOnLibsWithTags: ['layer:core', 'scope:tools'] },
      ]),
    },
  },
  {
    // Tests: a describe block is a list of cases, not a function to read at a glance.
    files: ['**/*.spec.ts', '**/*.test.ts', '**/testing/**', 'e2e/**', 'tools/bench/**'],
    rules: {
      'max-lines-per-function': 'off',
    },
  },
  {
    // Inside core, settings come first: codex/ (the client) may read config/, never the reverse.
    files: ['packages/core/src/config/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+codex(/|$)', message: 'config/ must not depend on codex/ (codex -> config only).' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
];
