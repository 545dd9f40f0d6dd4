import { createHash } from 'node:crypto';

export interface DigestInput {
  files: Array<{ path: string; content: string; change?: { diff?: string; newFile: boolean } }>;
  skipped: Array<{ file: string; reason: string }>;
  context: string;
  instructions?: string;
  settingsFingerprint: string;
  /** Options that change what is asked (scope, base, budget...), already normalised. */
  request: Record<string, unknown>;
}

/**
 * A digest of everything that decides a review's answer. A stored review.json with the same digest is
 * reused instead of asking the model again (Nx does not cache failed tasks, so a failing failOn gate
 * would otherwise call the model on every run); it also tells whether a stored report is current.
 */
export function reviewDigest(input: DigestInput): string {
  const hash = createHash('sha256');
  const part = (label: string, value: string) => hash.update(`${label}\0${value.length}\0${value}\0`);
  part('settings', input.settingsFingerprint);
  part('request', JSON.stringify(input.request));
  part('context', input.context);
  part('instructions', input.instructions ?? '');
  for (const file of input.files) {
    part(`file:${file.path}`, file.content);
    if (file.change) part(`change:${file.path}`, file.change.newFile ? 'new file' : (file.change.diff ?? ''));
  }
  for (const skipped of input.skipped) part(`skipped:${skipped.file}`, skipped.reason);
  return hash.digest('hex');
}
