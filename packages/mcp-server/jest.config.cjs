/** @type {import('jest').Config} */
module.exports = {
  preset: '../../jest.preset.cjs',
  displayName: 'mcp-server',
  rootDir: __dirname,
  // src/: unit tests beside the code; e2e/: the built server (dist/main.js) driven over stdio by real clients.
  roots: ['<rootDir>/src', '<rootDir>/e2e'],
  testTimeout: 60000,
};
