/** @type {import('jest').Config} */
module.exports = {
  preset: '../../jest.preset.cjs',
  displayName: 'mcp-server',
  rootDir: __dirname,
  // Unit tests beside the code; the e2e suites (the built server driven by real clients) are in e2e/mcp-server.
  roots: ['<rootDir>/src'],
  testTimeout: 60000,
};
