/** @type {import('jest').Config} */
module.exports = {
  preset: '../../jest.preset.cjs',
  displayName: 'test-generation',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testTimeout: 120000,
  // The prompt's secret scan (core) loads secretlint, ESM only: compiled to CommonJS as in core's own config.
  transformIgnorePatterns: ['/node_modules/(?!@secretlint/)'],
};
