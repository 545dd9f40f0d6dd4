import { createHash } from 'node:crypto';

export interface ChunkKeyInput {
  /** The settings fingerprint: model, provider, base URL, reasoning effort, sandbox, prompt version, codex version. */
  settingsFingerprint: string;
  /** Every `-c` Codex gets (canonical JSON; hashed, so a trusted provider's header never shows): a review with the shell differs from one without. */
  codexConfig: string;
  /** The chunk's whole prompt: its files with their paths and contents, the project context, the extra instructions. */
  prompt: string;
}

/**
 * The content address of a chunk's result. A chunk's prompt depends on nothing but its own files,
 * the context and the instructions (prompt.ts), so an unchanged chunk of a changed project has the
 * same key. Hex sha256, so it never collides with the task hashes Nx keeps in the same remote cache.
 */
export function chunkKey(input: ChunkKeyInput): string {
  const hash = createHash('sha256');
  for (const [label, value] of [
    ['nx-codex-chunk', '1'],
    ['settings', input.settingsFingerprint],
    ['config', input.codexConfig],
    ['prompt', input.prompt],
  ]) {
    hash.update(`${label}\0${value.length}\0${value}\0`);
  }
  return hash.digest('hex');
}
