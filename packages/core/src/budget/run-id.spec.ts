import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentRunId } from './run-id';

describe('currentRunId', () => {
  it('takes NX_CODEX_RUN_ID when set, as a safe file name', () => {
    expect(currentRunId({ NX_CODEX_RUN_ID: 'gh 123/4' })).toBe('env-gh_123_4');
  });

  it('finds the nx process above a task, so every task of one run gets the same id', () => {
    // A stand-in for Nx's CLI: a script named `nx` that starts two "tasks", each printing its run id.
    const dir = mkdtempSync(join(tmpdir(), 'nx-codex-runid-'));
    try {
      const task = `require(${JSON.stringify(join(__dirname, 'run-id.ts'))}); process.stdout.write(String(require(${JSON.stringify(join(__dirname, 'run-id.ts'))}).currentRunId({})))`;
      writeFileSync(
        join(dir, 'nx'),
        `const { spawnSync } = require('node:child_process');
         const run = () => spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', ${JSON.stringify(task)}], { encoding: 'utf8', cwd: ${JSON.stringify(process.cwd())} }).stdout;
         process.stdout.write(JSON.stringify({ pid: process.pid, ids: [run(), run()] }));`,
      );
      const result = spawnSync(process.execPath, [join(dir, 'nx')], { encoding: 'utf8' });
      const { pid, ids } = JSON.parse(result.stdout) as { pid: number; ids: string[] };
      expect(ids[0]).toMatch(new RegExp(`^nx-${pid}-\\d+$`));
      expect(ids[1]).toBe(ids[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is undefined when no nx process is above (here: from init, the top of the tree)', () => {
    expect(currentRunId({}, 1)).toBeUndefined();
  });
});
