/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'setup',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testTimeout: 120000,
};
