import type { SkippedFile } from '../findings/types';
import { countTokens } from './count-tokens';

export interface ChunkableFile {
  /** Workspace-relative, forward slashes. */
  path: string;
  content: string;
  /** The file's tokens as it will appear in the prompt; estimated when absent (see estimateFileTokens). */
  tokens?: number;
}

export interface PlanChunksOptions<F extends ChunkableFile> {
  files: F[];
  /** Most tokens one model call may carry: the fixed prompt text plus the files of its chunk. */
  budgetTokens: number;
  /** Tokens of the prompt text every chunk repeats (instructions, context, schema). */
  fixedTokens: number;
  model?: string;
  /**
   * Tokens of one file as the prompt renders it (path header, fence, line numbers...). Default:
   * `file.tokens`, else estimateFileTokens. Pass it when the prompt adds to each line.
   */
  fileTokens?: (file: F) => number;
}

export interface Chunk<F extends ChunkableFile> {
  /** Sorted by path. */
  files: F[];
  /** fixedTokens + the tokens of the files. */
  tokens: number;
}

export interface ChunkPlan<F extends ChunkableFile> {
  chunks: Chunk<F>[];
  skipped: SkippedFile[];
}

/** Room for the per-file frame of the prompt (path heading and code fence) when tokens are not given. */
export const FILE_FRAME_TOKENS = 12;

export function estimateFileTokens(file: ChunkableFile, model?: string): number {
  return file.tokens ?? countTokens(file.content, model) + countTokens(file.path, model) + FILE_FRAME_TOKENS;
}

/** Files that travel together (a source file and its tests), or a chunk being filled. */
interface Bundle<F> {
  files: F[];
  tokens: number;
}

/**
 * Splits files into chunks that each fit the budget. Files are never cut: one that cannot fit
 * even alone is skipped as `over-budget`. A file and its tests (x.ts, x.spec.ts, x.test.ts) form
 * one unit, and a folder's units stay in one chunk whenever the folder fits in one. Deterministic:
 * the result depends on the set of files, not on their order.
 */
export function planChunks<F extends ChunkableFile>(options: PlanChunksOptions<F>): ChunkPlan<F> {
  const { budgetTokens, fixedTokens } = options;
  const capacity = budgetTokens - fixedTokens;
  if (!Number.isFinite(budgetTokens) || !Number.isFinite(fixedTokens) || fixedTokens < 0) {
    throw new Error(`planChunks needs finite token counts, got budgetTokens=${budgetTokens}, fixedTokens=${fixedTokens}.`);
  }
  if (capacity <= 0 && options.files.length > 0) {
    throw new Error(`The fixed prompt (${fixedTokens} tokens) leaves no room for files within the budget of ${budgetTokens} tokens. Raise the token budget, or shorten .codex/context.md.`);
  }
  const files = [...options.files].sort((a, b) => compare(a.path, b.path));
  const skipped: SkippedFile[] = [];
  const measured: Array<{ file: F; tokens: number }> = [];
  for (const file of files) {
    const tokens = options.fileTokens ? options.fileTokens(file) : estimateFileTokens(file, options.model);
    if (tokens > capacity) {
      skipped.push({ file: file.path, reason: 'over-budget', detail: `${tokens} tokens + ${fixedTokens} fixed > budget ${budgetTokens}` });
    } else {
      measured.push({ file, tokens });
    }
  }

  const chunks: Bundle<F>[] = [];
  for (const folder of groupByFolder(measured)) {
    const units = folderUnits(folder, capacity);
    const folderTokens = sum(units.map((unit) => unit.tokens));
    if (folderTokens <= capacity) {
      // First fit over the chunks so far: a small folder fills a gap instead of opening a chunk.
      const target = chunks.find((chunk) => chunk.tokens + folderTokens <= capacity);
      const chunk = target ?? newChunk(chunks);
      for (const unit of units) add(chunk, unit);
    } else {
      // A folder bigger than a chunk is laid out in order, so neighbours stay together.
      let chunk = chunks.length > 0 ? chunks[chunks.length - 1] : newChunk(chunks);
      for (const unit of units) {
        if (chunk.tokens + unit.tokens > capacity) chunk = newChunk(chunks);
        add(chunk, unit);
      }
    }
  }

  return {
    chunks: chunks.map((chunk) => ({ files: chunk.files.sort((a, b) => compare(a.path, b.path)), tokens: fixedTokens + chunk.tokens })),
    skipped,
  };
}

function groupByFolder<F extends ChunkableFile>(measured: Array<{ file: F; tokens: number }>): Array<Array<{ file: F; tokens: number }>> {
  const folders = new Map<string, Array<{ file: F; tokens: number }>>();
  for (const entry of measured) {
    const folder = entry.file.path.includes('/') ? entry.file.path.slice(0, entry.file.path.lastIndexOf('/')) : '';
    folders.set(folder, [...(folders.get(folder) ?? []), entry]);
  }
  return [...folders.keys()].sort(compare).map((folder) => folders.get(folder) as Array<{ file: F; tokens: number }>);
}

/** A folder's files as units: a source file with its tests (x.ts with x.spec.ts, x.test.ts) when they fit together, else one by one. */
function folderUnits<F extends ChunkableFile>(entries: Array<{ file: F; tokens: number }>, capacity: number): Bundle<F>[] {
  const paths = new Set(entries.map((entry) => entry.file.path));
  const members = new Map<string, Array<{ file: F; tokens: number }>>();
  for (const entry of entries) {
    const source = sourceOfTest(entry.file.path);
    const key = source !== undefined && paths.has(source) ? source : entry.file.path;
    members.set(key, [...(members.get(key) ?? []), entry]);
  }
  const units: Bundle<F>[] = [];
  for (const key of [...members.keys()].sort(compare)) {
    const group = members.get(key) as Array<{ file: F; tokens: number }>;
    const tokens = sum(group.map((member) => member.tokens));
    if (tokens <= capacity) units.push({ files: group.map((member) => member.file), tokens });
    else units.push(...group.map((member) => ({ files: [member.file], tokens: member.tokens })));
  }
  return units;
}

/** `src/x.spec.ts` and `src/x.test.ts` test `src/x.ts`. */
function sourceOfTest(file: string): string | undefined {
  const match = /^(.*)\.(spec|test)(\.[^./]+)$/.exec(file);
  return match ? `${match[1]}${match[3]}` : undefined;
}

function newChunk<F>(chunks: Bundle<F>[]): Bundle<F> {
  const chunk: Bundle<F> = { files: [], tokens: 0 };
  chunks.push(chunk);
  return chunk;
}

function add<F>(chunk: Bundle<F>, unit: Bundle<F>): void {
  chunk.files.push(...unit.files);
  chunk.tokens += unit.tokens;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
