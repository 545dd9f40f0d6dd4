/** @type {import('jest').Config} */
module.exports = {
  displayName: 'mcp-server',
  testEnvironment: 'node',
  rootDir: __dirname,
  // src/: unit tests beside the code; e2e/: the built server (dist/main.js) driven over stdio by real clients.
  roots: ['<rootDir>/src', '<rootDir>/e2e'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
};
