import { logger } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { checkGenerator } from './check';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');
const VARIABLES = ['CODEX_HOME', 'OPENAI_API_KEY', 'CODEX_API_KEY', 'CODEX_BIN'];

describe('check generator (this repo, real codex)', () => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  let codexHome: string;
  let printed: string;

  beforeEach(() => {
    codexHome = mkdtempSync(join(tmpdir(), 'nx-codex-home-'));
    for (const name of VARIABLES) delete process.env[name];
    process.env['CODEX_HOME'] = codexHome;
    printed = '';
    jest.spyOn(logger, 'info').mockImplementation((message: string) => {
      printed += message;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(codexHome, { recursive: true, force: true });
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('prints the report, writes nothing, and fails when something required is missing', async () => {
    const tree = new FsTree(REPO_ROOT, false);
    await expect(checkGenerator(tree, {})).rejects.toThrow(
      'the environment check failed; fix the ✘ items listed above',
    );
    expect(printed).toContain('✔ Codex CLI: 0.169.0');
    expect(printed).toContain('✘ Codex credentials');
    expect(tree.listChanges()).toEqual([]);
  });

  it('succeeds once logged in (unless the settings themselves are invalid)', async () => {
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, 'auth.json'), '{}');
    const tree = new FsTree(REPO_ROOT, false);
    const outcome = await checkGenerator(tree, {}).then(
      () => 'passed',
      () => 'failed',
    );
    expect(printed).toContain('✔ Codex credentials: logged in');
    expect(outcome).toBe(printed.includes('✘ Codex settings') ? 'failed' : 'passed');
    expect(tree.listChanges()).toEqual([]);
  });
});
