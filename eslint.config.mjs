// One lint for the workspace: typescript-eslint's recommended rules, Nx's module boundaries
// (the layering in ARCHITECTURE.md), size limits, and Prettier owning the formatting.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', 'tmp/**', 'examples/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: {
      // Layers: core depends on no other project; plugins depend on core only; nothing published
      // imports tools/ or e2e/; tools may use core; e2e may use anything.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'layer:plugin', onlyDependOnLibsWithTags: ['layer:core'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['layer:core', 'scope:tools'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      // One concern per file, a function readable at a glance. A longer one says why in the
      // directive: `// eslint-disable-next-line max-lines-per-function -- <reason>`.
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
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
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
];
