import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { configFixture } from '../config/testing/config-fixture';
import { findCodexBinary } from './binary';
import { quickCodexVersion } from './quick-version';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

describe('quickCodexVersion', () => {
  it("reads the workspace's codex version from its package.json, as `codex --version` says it", () => {
    const env = { PATH: '' };
    expect(quickCodexVersion(REPO_ROOT, env)).toBe('0.169.0');
    expect(findCodexBinary({ env, workspaceRoot: REPO_ROOT }).version).toBe('0.169.0');
  });

  it('names the codex CODEX_BIN points at without running it: its package version (the real 0.153.4 here)', () => {
    const bin = path.join(REPO_ROOT, 'node_modules/@openai/codex-0153/bin/codex.js');
    expect(quickCodexVersion(REPO_ROOT, { PATH: '', CODEX_BIN: bin })).toBe('0.153.4');
  });

  it('identifies any other CODEX_BIN by its file, never running it (hashing sees the repository .env)', () => {
    const fx = configFixture();
    try {
      const marker = path.join(fx.workspace, 'ran');
      const program = fx.write('ws/not-codex.sh', `#!/bin/sh\ntouch ${marker}\necho 0.169.0\n`);
      chmodSync(program, 0o755);
      const identity = quickCodexVersion(fx.workspace, { PATH: '', CODEX_BIN: program });
      expect(identity).toMatch(/not-codex\.sh \(\d+ bytes, modified [\d.]+\)$/);
      expect(existsSync(marker)).toBe(false);
    } finally {
      fx.cleanup();
    }
  });

  it('is undefined when there is no codex at all', () => {
    const fx = configFixture();
    try {
      expect(quickCodexVersion(fx.workspace, { PATH: '' })).toBeUndefined();
    } finally {
      fx.cleanup();
    }
  });
});
