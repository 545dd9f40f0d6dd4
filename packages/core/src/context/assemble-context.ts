import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { stripContextTemplate } from './strip-template';

export const CONTEXT_FILE = '.codex/context.md';
export const DEFAULT_CONTEXT_MAX_BYTES = 32768;

export interface AssembleContextOptions {
  workspaceRoot: string;
  /** The project's root, workspace-relative (as Nx gives it) or absolute. */
  projectRoot?: string;
  /** Upper bound of `text` in UTF-8 bytes, headings and truncation note included. */
  maxBytes?: number;
}

export interface AssembledContext {
  text: string;
  /** Workspace-relative paths (forward slashes) of the context files that went into `text`, whole or in part. */
  files: string[];
  truncated: boolean;
}

export interface ContextSource {
  file: string;
  body: string;
}

/**
 * Codex never reads `.codex/context.md` by itself (it reads AGENTS.md), so whoever wants that file
 * in the prompt must put it there: workspace file first, then the project's.
 */
export function assembleContext(options: AssembleContextOptions): AssembledContext {
  return joinContextSources(readContextSources(options), options.maxBytes);
}

/** The context files that hold text for the model, workspace file first, as read (not yet scanned for secrets or stripped). */
export function readContextSources(options: AssembleContextOptions): ContextSource[] {
  const workspaceRoot = path.resolve(options.workspaceRoot);
  return contextPaths(workspaceRoot, options.projectRoot)
    .map((file) => readContextSource(workspaceRoot, file))
    .filter((source): source is ContextSource => source !== undefined);
}

/**
 * One text under `maxBytes`, a heading per file. Comments and empty template sections are for the
 * humans who edit the file, not for the model: they go here, after the secret scan saw the file as
 * it is (so a secret's line is the file's own line).
 */
export function joinContextSources(sources: ContextSource[], maxBytes = DEFAULT_CONTEXT_MAX_BYTES): AssembledContext {
  const kept = sources
    .map((source) => ({ file: source.file, body: modelText(source.body) }))
    .filter((source) => source.body !== '');
  if (kept.length === 0) return { text: '', files: [], truncated: false };
  const sections = kept.map((source) => `## Context from ${source.file}\n\n${source.body.trimEnd()}\n`);
  const whole = sections.join('\n');
  if (byteLength(whole) <= maxBytes) return { text: whole, files: kept.map((s) => s.file), truncated: false };
  return truncateSections(kept, sections, maxBytes);
}

function modelText(body: string): string {
  return stripContextTemplate(body.replace(/^\uFEFF/, ''));
}

function contextPaths(workspaceRoot: string, projectRoot: string | undefined): string[] {
  const files = [CONTEXT_FILE];
  if (projectRoot !== undefined) {
    const projectRelative = toPosix(path.relative(workspaceRoot, path.resolve(workspaceRoot, projectRoot)));
    if (projectRelative !== '' && !projectRelative.startsWith('..')) files.push(`${projectRelative}/${CONTEXT_FILE}`);
  }
  return files;
}

function readContextSource(workspaceRoot: string, file: string): ContextSource | undefined {
  const absolute = path.join(workspaceRoot, file);
  let body: string;
  try {
    if (!statSync(absolute).isFile()) return undefined;
    // Codex already reads AGENTS.md itself: a context file that is a link to one would send it twice.
    if (path.basename(realpathSync(absolute)).toLowerCase() === 'agents.md') return undefined;
    body = readFileSync(absolute, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new Error(
      `Cannot read the Codex context file ${file}: ${(error as Error).message}. Fix its permissions or remove it.`,
    );
  }
  return modelText(body) === '' ? undefined : { file, body };
}

function truncateSections(sources: ContextSource[], sections: string[], maxBytes: number): AssembledContext {
  const totalBytes = byteLength(sections.join('\n'));
  // The note is sized with the largest numbers it can hold, so the result never exceeds maxBytes.
  const noteFor = (omitted: string[], omittedBytes: number) =>
    `\n[Context truncated: ${omittedBytes} of ${totalBytes} bytes omitted (limit ${maxBytes} bytes) from ${omitted.join(', ')}.]\n`;
  const worstNote = noteFor(
    sources.map((s) => s.file),
    totalBytes,
  );
  let budget = Math.max(0, maxBytes - byteLength(worstNote));

  const kept: string[] = [];
  const files: string[] = [];
  const omitted: string[] = [];
  for (const [index, section] of sections.entries()) {
    const separator = kept.length > 0 ? '\n' : '';
    const lines = (separator + section).split(/(?<=\n)/);
    let taken = '';
    for (const line of lines) {
      const size = byteLength(line);
      if (size > budget) break;
      taken += line;
      budget -= size;
    }
    // A heading with no body under it would only mislead.
    const headingOnly = taken.trim() === `## Context from ${sources[index].file}`;
    if (taken !== '' && !headingOnly) {
      kept.push(taken);
      files.push(sources[index].file);
    }
    if (taken !== separator + section) {
      omitted.push(...sources.slice(index).map((s) => s.file));
      break;
    }
  }
  const keptText = kept.join('');
  const text = keptText + noteFor(omitted, totalBytes - byteLength(keptText));
  if (byteLength(text) > maxBytes) return { text: '', files: [], truncated: true }; // maxBytes smaller than the note itself
  return { text, files, truncated: true };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
