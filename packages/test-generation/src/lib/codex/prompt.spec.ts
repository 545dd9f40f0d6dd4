import { buildRepairPrompt, buildWritePrompt } from './prompt';

const input = {
  project: 'demo-lib',
  files: [{ path: 'src/money.ts', content: 'export const x = 1;\n' }],
  filesByPathOnly: ['src/big.ts'],
  existingTests: ['src/money.spec.ts'],
  example: { path: 'src/money.spec.ts', content: "it('works', () => {});\n" },
  context: '## Context from .codex/context.md\n\nMoney is in cents.',
  runner: 'jest' as const,
  testCommand: 'npx nx run demo-lib:test --skip-nx-cache',
  allowedWrites: ['**/*.spec.ts', '**/__snapshots__/**'],
  coverageBefore: [
    { path: 'src/money.ts', covered: 4, total: 8 },
    { path: 'src/paginate.ts', covered: 0, total: 5 },
  ],
  instructions: 'Focus on edge cases.',
};

describe('buildWritePrompt', () => {
  const prompt = buildWritePrompt(input);

  it('states the rules: allowed paths, passing against current code, the runner and command', () => {
    expect(prompt).toContain('Write unit tests for the project "demo-lib"');
    expect(prompt).toContain('`**/*.spec.ts`, `**/__snapshots__/**`');
    expect(prompt).toContain('must pass against the code as it is now');
    expect(prompt).toContain('Test runner: Jest');
    expect(prompt).toContain('`npx nx run demo-lib:test --skip-nx-cache`');
  });

  it('carries the user instructions, the context, an example test and the files', () => {
    expect(prompt).toContain('## Instructions from the user\n\nFocus on edge cases.');
    expect(prompt).toContain('Money is in cents.');
    expect(prompt).toContain(
      "## Example of this project's test style: src/money.spec.ts\n\n```ts\nit('works', () => {});\n```",
    );
    expect(prompt).toContain('### src/money.ts\n\n```ts\nexport const x = 1;\n```');
    expect(prompt).toContain('- src/big.ts');
  });

  it('lists the least covered files first', () => {
    expect(prompt.indexOf('src/paginate.ts: 0/5')).toBeLessThan(prompt.indexOf('src/money.ts: 4/8'));
  });

  it('fences code that itself contains backticks with a longer fence', () => {
    const fenced = buildWritePrompt({
      ...input,
      files: [{ path: 'a.ts', content: 'const s = ```x```;' }],
      example: undefined,
    });
    expect(fenced).toContain('````ts\nconst s = ```x```;\n````');
  });

  it('says "(none)" when the project has no tests yet', () => {
    expect(buildWritePrompt({ ...input, existingTests: [], example: undefined })).toContain(
      '## Existing test files\n\n(none)',
    );
  });
});

describe('buildRepairPrompt', () => {
  it('names the round, the failing files with their output, broken tests and reverted changes', () => {
    const prompt = buildRepairPrompt({
      round: 1,
      maxRounds: 2,
      testCommand: 'npx jest',
      failures: [{ path: 'src/money.generated.spec.ts', reason: 'failed', message: 'Expected: 29\nReceived: 28' }],
      brokenExisting: [{ path: 'src/money.spec.ts', reason: 'breaks-existing', message: 'boom' }],
      reverted: [{ path: 'src/money.ts', detail: 'not a test file' }],
    });
    expect(prompt).toContain('Repair round 1 of 2');
    expect(prompt).toContain('### src/money.generated.spec.ts (failed)');
    expect(prompt).toContain('Received: 28');
    expect(prompt).toContain('### src/money.spec.ts');
    expect(prompt).toContain('These changes of yours were reverted: src/money.ts (not a test file).');
  });
});
