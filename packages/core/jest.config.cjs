/** @type {import('jest').Config} */
module.exports = {
  preset: '../../jest.preset.cjs',
  displayName: 'core',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testTimeout: 120000,
  // secretlint is ESM only and Jest's registry cannot require() ESM on Node 20: compile it to CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!@secretlint/)'],
};
