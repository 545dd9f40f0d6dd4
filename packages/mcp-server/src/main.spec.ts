import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@nx-codex/core';
import { parseCliArgs } from './main';

describe('nx-codex-mcp arguments', () => {
  it('reads --workspace (both spellings) and --allow-danger-full-access', () => {
    expect(parseCliArgs([])).toEqual({ allowDangerFullAccess: false, help: false, version: false, ignored: [] });
    expect(parseCliArgs(['--workspace', '/w', '--allow-danger-full-access'])).toMatchObject({
      workspace: '/w',
      allowDangerFullAccess: true,
    });
    expect(parseCliArgs(['--workspace=/x'])).toMatchObject({ workspace: '/x' });
  });

  it('accepts a `codex mcp-server` command line (only the command changed) and ignores its -c options', () => {
    expect(parseCliArgs(['mcp-server', '-c', 'model="o3"', '--config=sandbox_mode="read-only"'])).toMatchObject({
      ignored: ['mcp-server', '-c model="o3"', '-c sandbox_mode="read-only"'],
    });
  });

  it('rejects unknown arguments and a --workspace without a value', () => {
    expect(() => parseCliArgs(['serve'])).toThrow(/Unknown argument "serve"[\s\S]*Usage: nx-codex-mcp/);
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
