/** @type {import('jest').Config} */
module.exports = {
  displayName: 'tools',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
};
