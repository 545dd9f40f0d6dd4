import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { contentBefore, type WorkspaceSnapshot } from './workspace-snapshot';

/**
 * A patch (`git apply` from the repository root) that turns the snapshot's files into their
 * current content. Built with `git diff --no-index` on copies, so the real index is never touched.
 */
export function buildPatch(snapshot: WorkspaceSnapshot, files: string[]): string {
  const scratch = mkdtempSync(path.join(tmpdir(), 'codex-generate-tests-patch-'));
  try {
    const parts: string[] = [];
    for (const file of [...files].sort()) {
      const before = contentBefore(snapshot, file);
      if (before !== null) copyTo(scratch, `a/${file}`, before);
      copyTo(scratch, `b/${file}`, readFileSync(path.join(snapshot.gitRoot, file)));
      const diff = spawnSync(
        'git',
        [
          'diff',
          '--no-index',
          '--no-prefix',
          '--binary',
          '--no-color',
          '--',
          before === null ? '/dev/null' : `a/${file}`,
          `b/${file}`,
        ],
        {
          cwd: scratch,
          env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' },
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      // Exit 1 means "there are differences", the normal case here.
      if (diff.status !== 0 && diff.status !== 1)
        throw new Error(`git diff --no-index failed for ${file}: ${diff.stderr.toString('utf8').trim()}`);
      const text = diff.stdout.toString('utf8');
      if (text === '') continue;
      // The header names the scratch copies; name the real file on both sides, as `git diff` would.
      parts.push(text.replace(/^diff --git [^\n]*/, `diff --git a/${file} b/${file}`));
    }
    return parts.join('');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function copyTo(root: string, relative: string, content: Buffer): void {
  const target = path.join(root, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}
