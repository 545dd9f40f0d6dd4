/** End-to-end suites: real nx, real codex, tools/local-model. Slow; run in band. */
module.exports = {
  preset: '../jest.preset.cjs',
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  testTimeout: 300000,
};
