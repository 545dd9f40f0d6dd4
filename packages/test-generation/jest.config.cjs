/** @type {import('jest').Config} */
module.exports = {
  preset: '../../jest.preset.cjs',
  displayName: 'test-generation',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testTimeout: 120000,
};
