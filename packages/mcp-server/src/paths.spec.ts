import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInside, resolveInWorkspace, resolveWorkspaceDir } from './paths';

describe('workspace confinement', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mcp-paths-ws-'));
    outside = mkdtempSync(join(tmpdir(), 'mcp-paths-out-'));
    mkdirSync(join(root, 'libs/a'), { recursive: true });
    writeFileSync(join(root, 'libs/a/file.ts'), '');
    symlinkSync(outside, join(root, 'escape'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('accepts the root, relative and absolute paths inside it', () => {
    expect(resolveWorkspaceDir(root, '.', 'cwd')).toBe(resolveWorkspaceDir(root, root, 'cwd'));
    expect(resolveWorkspaceDir(root, 'libs/a', 'cwd').endsWith(join('libs', 'a'))).toBe(true);
    expect(resolveInWorkspace(root, 'libs/a/../a/new-file.ts', 'path').endsWith(join('libs', 'a', 'new-file.ts'))).toBe(
      true,
    );
  });

  it('refuses .., absolute paths elsewhere and symlinks that leave the workspace', () => {
    expect(() => resolveInWorkspace(root, '..', 'cwd')).toThrow(/cwd "\.\." is outside the workspace/);
    expect(() => resolveInWorkspace(root, '/etc', 'cwd')).toThrow(/outside the workspace/);
    expect(() => resolveInWorkspace(root, 'escape', 'cwd')).toThrow(/outside the workspace .* resolves to/);
    expect(() => resolveInWorkspace(root, 'escape/not-yet-there', 'cwd')).toThrow(/outside the workspace/);
    expect(() => resolveInWorkspace(root, `${root}-sibling`, 'cwd')).toThrow(/outside the workspace/);
  });

  it('says when a cwd does not exist or is a file', () => {
    expect(() => resolveWorkspaceDir(root, 'nope', 'cwd')).toThrow(/cwd "nope" does not exist/);
    expect(() => resolveWorkspaceDir(root, 'libs/a/file.ts', 'cwd')).toThrow(/is not a directory/);
  });

  it('isInside compares whole path segments', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/b/..x')).toBe(true);
  });
});
