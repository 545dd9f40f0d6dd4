/** @type {import('jest').Config} */
module.exports = {
  preset: '../jest.preset.cjs',
  displayName: 'tools',
  rootDir: __dirname,
  roots: ['<rootDir>'],
  testTimeout: 120000,
};
