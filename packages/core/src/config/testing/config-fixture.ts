import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodexConfigError } from '../errors';

/** A temporary CODEX_HOME (`home/`) and workspace (`ws/`) for settings tests. */
export interface ConfigFixture {
  root: string;
  home: string;
  workspace: string;
  /** Writes a file below root (`home/config.toml`, `ws/.codex/config.toml`); returns its path. */
  write(relative: string, content: string | Buffer): string;
  cleanup(): void;
}

export function configFixture(): ConfigFixture {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nx-codex-config-'));
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'ws');
  mkdirSync(home);
  mkdirSync(workspace);
  return {
    root,
    home,
    workspace,
    write(relative, content) {
      const file = path.join(root, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    cleanup() {
      // Files a test made unreadable must be readable again to be removed by a non-root user.
      try {
        chmodSync(root, 0o755);
      } catch {
        // already gone
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The CodexConfigError that `run` throws (fails the test when it throws nothing or something else). */
export function errorOf(run: () => unknown): CodexConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodexConfigError);
    return error as CodexConfigError;
  }
  throw new Error('expected a CodexConfigError');
}
