import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executorOptions } from './executor-options';

describe('executorOptions', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mcp-executor-options-'));
    const pkg = join(root, 'node_modules', '@acme', 'plugin');
    mkdirSync(join(pkg, 'src'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/plugin', executors: './executors.json' }));
    writeFileSync(
      join(pkg, 'executors.json'),
      JSON.stringify({ executors: { review: { implementation: './src/impl', schema: './src/schema.json' } } }),
    );
    writeFileSync(
      join(pkg, 'src/schema.json'),
      JSON.stringify({
        properties: { scope: { default: 'project' }, budget: { default: 100 }, model: { type: 'string' } },
      }),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('merges schema defaults < target options < default configuration < overrides, as Nx does', () => {
    const target = {
      executor: '@acme/plugin:review',
      options: { budget: 50, model: 'm1' },
      configurations: { ci: { model: 'm2' } },
      defaultConfiguration: 'ci',
    };
    expect(executorOptions(root, target)).toEqual({ scope: 'project', budget: 50, model: 'm2' });
    expect(executorOptions(root, target, { scope: 'changes' })).toEqual({ scope: 'changes', budget: 50, model: 'm2' });
  });

  it('uses the target options alone when the executor cannot be resolved', () => {
    expect(executorOptions(root, { executor: '@acme/missing:review', options: { a: 1 } })).toEqual({ a: 1 });
    expect(executorOptions(root, { options: { a: 1 } })).toEqual({ a: 1 });
  });
});
