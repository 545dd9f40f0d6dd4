import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { assembleRedactedContext } from './assemble-redacted-context';

// Assembled at run time so this file holds no detectable token.
const TOKEN = ['ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('');

describe('assembleRedactedContext', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'nx-codex-context-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("redacts secrets in both context files and cites each file's own lines, before the template is stripped", async () => {
    mkdirSync(path.join(root, '.codex'));
    mkdirSync(path.join(root, 'libs/a/.codex'), { recursive: true });
    writeFileSync(
      path.join(root, '.codex/context.md'),
      `# Rules\n<!--\nA comment\nfor humans\n-->\nDeploy with ${TOKEN}.\n`,
    );
    writeFileSync(path.join(root, 'libs/a/.codex/context.md'), `# A\n\n<!-- old: ${TOKEN} -->\nNo secrets here.\n`);

    const context = await assembleRedactedContext({ workspaceRoot: root, projectRoot: 'libs/a' });
    expect(context.text).not.toContain(TOKEN);
    expect(context.text).toContain('Deploy with [REDACTED:github-token].');
    expect(context.text).not.toContain('A comment');
    expect(context.files).toEqual(['.codex/context.md', 'libs/a/.codex/context.md']);
    expect(context.secrets).toEqual([
      { file: '.codex/context.md', line: 6, endLine: 6, rule: 'github-token' },
      { file: 'libs/a/.codex/context.md', line: 3, endLine: 3, rule: 'github-token' },
    ]);
  });
});
