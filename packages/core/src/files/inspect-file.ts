import * as path from 'node:path';
import type { SkippedFile } from '../findings/types';
import type { FileChange } from './file-diff';
import { secretFileByContent, secretFileByName } from '../secrets/secret-files';
import type { FileSource } from './file-source';

export interface SelectedFile {
  /** Workspace-relative, forward slashes. */
  path: string;
  content: string;
  bytes: number;
  /** scope 'changes': the file's diff against the base and the lines it touches. */
  change?: FileChange;
}

export type Inspection = { file: SelectedFile } | { skipped: SkippedFile } | { missing: true };

const BINARY_SNIFF_BYTES = 8192;
const MARKER_LINES = 5;

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'cargo.lock',
  'gemfile.lock',
  'composer.lock',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'go.sum',
  'flake.lock',
  'podfile.lock',
  'pubspec.lock',
  'mix.lock',
  'packages.lock.json',
  'gradle.lockfile',
]);

const GENERATED_NAME = /(\.min\.(js|mjs|cjs|css)|\.map|\.snap)$/i;

const COMMENT_START = String.raw`^\s*(?:\/\/+|#+|\/\*+|\*+|<!--|--|;+|%+)\s*`;

/** Each marker captures the words it reports; the loose ones only count at the start of a comment. */
const GENERATED_MARKERS: RegExp[] = [
  /(@generated)\b/,
  /\b(DO NOT EDIT)\b/,
  new RegExp(`${COMMENT_START}.*?\\b(auto-?generated|automatically generated)\\b`, 'i'),
  new RegExp(`${COMMENT_START}((?:this (?:file|code) (?:is|was) )?(?:code )?generated (?:by|from|with|using))\\b`, 'i'),
];

/**
 * Decides whether a file goes to the model. Every refusal carries a reason, so nothing is
 * dropped silently; the cheap checks (type, secret file name, size, name) run before the file is
 * read. `secretFilesAllowed`: the user's allowSecretPaths covers this file.
 */
export function inspectFile(
  source: FileSource,
  file: string,
  maxFileBytes: number,
  secretFilesAllowed = false,
): Inspection {
  let entry;
  try {
    entry = source.describe(file);
  } catch (error) {
    return skip(file, 'unreadable', (error as Error).message);
  }
  switch (entry.kind) {
    case 'missing':
      return { missing: true };
    case 'symlink':
      return skip(file, 'symlink', 'symbolic links are never followed');
    case 'directory':
    case 'submodule':
      return skip(file, 'not-a-file', entry.kind === 'submodule' ? 'git submodule' : 'directory');
    case 'other':
      return skip(file, 'not-a-file', 'not a regular file');
  }
  const secretFile = secretFilesAllowed ? undefined : secretFileByName(file);
  if (secretFile) return skip(file, 'secret-file', secretFile);
  if (entry.size > maxFileBytes) return skip(file, 'too-large', `${entry.size} bytes > maxFileBytes ${maxFileBytes}`);
  const generatedBy = generatedName(file);
  if (generatedBy) return skip(file, 'generated', generatedBy);

  let buffer: Buffer;
  try {
    buffer = source.read(file);
  } catch (error) {
    return skip(file, 'unreadable', (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  // The file may have grown between stat and read.
  if (buffer.length > maxFileBytes)
    return skip(file, 'too-large', `${buffer.length} bytes > maxFileBytes ${maxFileBytes}`);
  if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return skip(file, 'binary', 'NUL byte in the first 8 KB');
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return skip(file, 'not-utf8', 'not valid UTF-8');
  }
  const secretContent = secretFilesAllowed ? undefined : secretFileByContent(file, content);
  if (secretContent) return skip(file, 'secret-file', secretContent);
  const marker = generatedMarker(content);
  if (marker) return skip(file, 'generated', `marker "${marker}" in the first ${MARKER_LINES} lines`);
  return { file: { path: file, content, bytes: buffer.length } };
}

function generatedName(file: string): string | undefined {
  const name = path.posix.basename(file);
  if (LOCKFILES.has(name.toLowerCase())) return 'lockfile';
  const match = GENERATED_NAME.exec(name);
  return match ? `${match[1]} file` : undefined;
}

function generatedMarker(content: string): string | undefined {
  const head = content.slice(0, 4096).split('\n', MARKER_LINES);
  for (const line of head) {
    for (const marker of GENERATED_MARKERS) {
      const match = marker.exec(line);
      if (match) return match[1];
    }
  }
  return undefined;
}

function skip(file: string, reason: SkippedFile['reason'], detail: string): Inspection {
  return { skipped: { file, reason, detail } };
}
