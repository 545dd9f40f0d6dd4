import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../../..');

/**
 * Prettier 3 cannot load inside Jest (its dynamic import() needs --experimental-vm-modules), so the
 * generator specs run with NX_SKIP_FORMAT (jest.setup.cjs). Here a real Node process formats, as
 * `nx g` does.
 */
function formatInRealProcess(skipFormat: boolean): string {
  const script = `
    const { createTreeWithEmptyWorkspace } = require('@nx/devkit/testing');
    const { formatFilesSafely } = require('./packages/setup/src/utils/format.ts');
    const tree = createTreeWithEmptyWorkspace();
    tree.write('libs/a/src/index.ts', 'export const   a = {b:"1"}');
    formatFilesSafely(tree, ${skipFormat}).then(() => process.stdout.write(tree.read('libs/a/src/index.ts', 'utf8')));
  `;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NX_SKIP_FORMAT;
  return execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
  });
}

describe('formatFilesSafely', () => {
  it("formats the generator's files with the workspace's Prettier settings", () => {
    expect(formatInRealProcess(false)).toBe("export const a = { b: '1' };\n");
  });

  it('leaves them as written with skipFormat', () => {
    expect(formatInRealProcess(true)).toBe('export const   a = {b:"1"}');
  });
});
