import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { assembleContext } from './assemble-context';

describe('assembleContext', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'nx-codex-context-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }

  it('returns empty text and no files when no context file exists', () => {
    expect(assembleContext({ workspaceRoot: root, projectRoot: 'apps/web' })).toEqual({
      text: '',
      files: [],
      truncated: false,
    });
  });

  it('puts the workspace context first, then the project context, each under a heading naming its file', () => {
    write('.codex/context.md', 'Workspace rule: use pnpm.\n');
    write('apps/web/.codex/context.md', 'Project rule: React 19.\n');
    const context = assembleContext({ workspaceRoot: root, projectRoot: 'apps/web' });
    expect(context.files).toEqual(['.codex/context.md', 'apps/web/.codex/context.md']);
    expect(context.truncated).toBe(false);
    expect(context.text).toBe(
      '## Context from .codex/context.md\n\nWorkspace rule: use pnpm.\n\n## Context from apps/web/.codex/context.md\n\nProject rule: React 19.\n',
    );
  });

  it('accepts an absolute project root and reads the project file alone', () => {
    write('libs/a/.codex/context.md', 'Only the lib.');
    const context = assembleContext({ workspaceRoot: root, projectRoot: path.join(root, 'libs/a') });
    expect(context.files).toEqual(['libs/a/.codex/context.md']);
    expect(context.text).toContain('Only the lib.');
  });

  it('reads the workspace file once when the project is the workspace root', () => {
    write('.codex/context.md', 'Root.');
    expect(assembleContext({ workspaceRoot: root, projectRoot: '.' }).files).toEqual(['.codex/context.md']);
  });

  it('never includes AGENTS.md, which Codex reads by itself', () => {
    write('AGENTS.md', 'Agent instructions.');
    write('apps/web/AGENTS.md', 'Project agent instructions.');
    mkdirSync(path.join(root, 'apps/web/.codex'), { recursive: true });
    symlinkSync(path.join(root, 'AGENTS.md'), path.join(root, 'apps/web/.codex/context.md'));
    const context = assembleContext({ workspaceRoot: root, projectRoot: 'apps/web' });
    expect(context).toEqual({ text: '', files: [], truncated: false });
  });

  it("sends the team's text without the template's comments, sample rules or empty sections", () => {
    write(
      '.codex/context.md',
      '<!-- Sent on every run. -->\n## Safety rules\n\n<!-- e.g.:\n- All SQL goes through parameterized queries. -->\n\n## Review focus\n\n- Concurrency in libs/risk.\n',
    );
    write(
      'apps/web/.codex/context.md',
      '<!-- Project template -->\n## Safety rules\n\n<!-- Rules for this project. -->\n',
    );
    const context = assembleContext({ workspaceRoot: root, projectRoot: 'apps/web' });
    expect(context.files).toEqual(['.codex/context.md']);
    expect(context.text).toBe('## Context from .codex/context.md\n\n## Review focus\n\n- Concurrency in libs/risk.\n');
  });

  it('skips a context file that holds only whitespace', () => {
    write('.codex/context.md', '  \n\n');
    expect(assembleContext({ workspaceRoot: root }).files).toEqual([]);
  });

  it('truncates at a line boundary within maxBytes and says so in the text and the result', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `Line ${i} of the workspace context, with some words.`);
    write('.codex/context.md', `${lines.join('\n')}\n`);
    write('apps/web/.codex/context.md', 'Project context that no longer fits.\n');
    const context = assembleContext({ workspaceRoot: root, projectRoot: 'apps/web', maxBytes: 2000 });

    expect(context.truncated).toBe(true);
    expect(Buffer.byteLength(context.text)).toBeLessThanOrEqual(2000);
    expect(context.files).toEqual(['.codex/context.md']);
    expect(context.text).toMatch(
      /\[Context truncated: \d+ of \d+ bytes omitted \(limit 2000 bytes\) from \.codex\/context\.md, apps\/web\/\.codex\/context\.md\.\]\n$/,
    );
    const body = context.text.slice(0, context.text.indexOf('\n[Context truncated'));
    // Every kept line is a whole line of the source.
    for (const line of body.split('\n').slice(2)) expect(line === '' || lines.includes(line)).toBe(true);
    expect(body.split('\n').length).toBeGreaterThan(10);
  });

  it('keeps multi-byte text within maxBytes counted in bytes', () => {
    write('.codex/context.md', `${'Überprüfung – ☃ ✓\n'.repeat(300)}`);
    const context = assembleContext({ workspaceRoot: root, maxBytes: 1500 });
    expect(context.truncated).toBe(true);
    expect(Buffer.byteLength(context.text)).toBeLessThanOrEqual(1500);
    expect(context.text).not.toContain('\uFFFD');
  });

  it('returns no text when maxBytes cannot even hold the truncation note', () => {
    write('.codex/context.md', 'x\n'.repeat(100));
    expect(assembleContext({ workspaceRoot: root, maxBytes: 20 })).toEqual({ text: '', files: [], truncated: true });
  });
});
