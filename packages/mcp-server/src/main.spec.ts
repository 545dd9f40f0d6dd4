import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, parseCliArgs } from './main';

describe('nx-codex-mcp arguments', () => {
  it('reads --workspace (both spellings) and --allow-danger-full-access', () => {
    expect(parseCliArgs([])).toEqual({ allowDangerFullAccess: false, help: false, version: false });
    expect(parseCliArgs(['--workspace', '/w', '--allow-danger-full-access'])).toMatchObject({ workspace: '/w', allowDangerFullAccess: true });
    expect(parseCliArgs(['--workspace=/x'])).toMatchObject({ workspace: '/x' });
  });

  it('rejects unknown arguments and a --workspace without a value', () => {
    expect(() => parseCliArgs(['mcp-server'])).toThrow(/Unknown argument "mcp-server"[\s\S]*Usage: nx-codex-mcp/);
    expect(() => parseCliArgs(['--workspace'])).toThrow(/--workspace needs a directory/);
  });

  it('finds the nearest nx.json above the current directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'mcp-main-'));
    try {
      writeFileSync(join(root, 'nx.json'), '{}');
      mkdirSync(join(root, 'libs/a/src'), { recursive: true });
      expect(findWorkspaceRoot(join(root, 'libs/a/src'))).toBe(root);
      const bare = mkdtempSync(join(tmpdir(), 'mcp-main-bare-'));
      expect(findWorkspaceRoot(bare)).toBe(bare);
      rmSync(bare, { recursive: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
