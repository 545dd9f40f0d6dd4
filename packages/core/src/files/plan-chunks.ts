import { createHash } from 'node:crypto';
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
  /**
   * The size a chunk aims at (default: the budget). Smaller chunks mean less to send again when one
   * file changes, since the results of unchanged chunks are reused. No chunk exceeds twice this.
   */
  targetTokens?: number;
  /** A second limit per call, in characters (Codex refuses a prompt over 1,048,576 characters). */
  budgetChars?: number;
  fixedChars?: number;
  fileChars?: (file: F) => number;
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
  chars: number;
}

/**
 * Splits files into chunks that each fit the budget, so that changing one file changes one chunk.
 * Files are never cut: one that cannot fit even alone is skipped as `over-budget`. A file and its
 * tests (x.ts, x.spec.ts, x.test.ts) form one unit. Units are laid out in path order (a folder stays
 * contiguous), and a chunk ends after a unit chosen by a hash of its path, with a probability that
 * grows with its size (content-defined boundaries, as rsync and backup tools cut files). Editing a
 * file moves no boundary, and adding one moves only its own chunk's; only a chunk that reaches
 * twice the target (or the budget) is cut by size, and the next hash boundary puts the plan back
 * in step. Deterministic: the result depends on the set of files, not on their order.
 */
export function planChunks<F extends ChunkableFile>(options: PlanChunksOptions<F>): ChunkPlan<F> {
  const { budgetTokens, fixedTokens } = options;
  const capacity = budgetTokens - fixedTokens;
  const charCapacity = (options.budgetChars ?? Infinity) - (options.fixedChars ?? 0);
  if (!Number.isFinite(budgetTokens) || !Number.isFinite(fixedTokens) || fixedTokens < 0) {
    throw new Error(
      `planChunks needs finite token counts, got budgetTokens=${budgetTokens}, fixedTokens=${fixedTokens}.`,
    );
  }
  if ((capacity <= 0 || charCapacity <= 0) && options.files.length > 0) {
    throw new Error(
      `The fixed prompt (${fixedTokens} tokens) leaves no room for files within the budget of ${budgetTokens} tokens. Raise the token budget, or shorten .codex/context.md.`,
    );
  }
  const target = Math.min(capacity, Math.max(1, (options.targetTokens ?? budgetTokens) - fixedTokens));
  const limit = Math.min(capacity, 2 * target);
  const files = [...options.files].sort((a, b) => compare(a.path, b.path));
  const { measured, skipped } = measureFiles(files, options, capacity, charCapacity);
  const units = pairUnits(measured, capacity, charCapacity);
  const total = { tokens: sum(units.map((unit) => unit.tokens)), chars: sum(units.map((unit) => unit.chars)) };
  if (units.length > 0 && total.tokens <= target && total.chars <= charCapacity) {
    return { chunks: [{ files: measured.map((entry) => entry.file), tokens: fixedTokens + total.tokens }], skipped };
  }
  return {
    chunks: fillChunks(units, { target, limit, charCapacity }).map((bundle) => ({
      files: bundle.files.sort((a, b) => compare(a.path, b.path)),
      tokens: fixedTokens + bundle.tokens,
    })),
    skipped,
  };
}

/** Each file's size, or the reason it is skipped: one that cannot fit the budget even alone. */
function measureFiles<F extends ChunkableFile>(
  files: readonly F[],
  options: PlanChunksOptions<F>,
  capacity: number,
  charCapacity: number,
): { measured: Array<{ file: F; tokens: number; chars: number }>; skipped: SkippedFile[] } {
  const { budgetTokens, fixedTokens } = options;
  const skipped: SkippedFile[] = [];
  const measured: Array<{ file: F; tokens: number; chars: number }> = [];
  for (const file of files) {
    const tokens = options.fileTokens ? options.fileTokens(file) : estimateFileTokens(file, options.model);
    const chars = options.fileChars ? options.fileChars(file) : 0;
    if (tokens > capacity) {
      skipped.push({
        file: file.path,
        reason: 'over-budget',
        detail: `${tokens} tokens + ${fixedTokens} fixed > budget ${budgetTokens}`,
      });
    } else if (chars > charCapacity) {
      skipped.push({
        file: file.path,
        reason: 'over-budget',
        detail: `${chars} characters + ${options.fixedChars ?? 0} fixed > Codex's limit of ${options.budgetChars} characters`,
      });
    } else {
      measured.push({ file, tokens, chars });
    }
  }
  return { measured, skipped };
}

/** Units laid out in order: a chunk ends at a hash boundary, or before the unit that would overflow it. */
function fillChunks<F extends ChunkableFile>(
  units: readonly Bundle<F>[],
  bounds: { target: number; limit: number; charCapacity: number },
): Bundle<F>[] {
  const chunks: Bundle<F>[] = [];
  let chunk: Bundle<F> | undefined;
  for (const unit of units) {
    const overflows =
      chunk && (chunk.tokens + unit.tokens > bounds.limit || chunk.chars + unit.chars > bounds.charCapacity);
    if (overflows) chunk = undefined;
    if (!chunk) chunks.push((chunk = { files: [], tokens: 0, chars: 0 }));
    chunk.files.push(...unit.files);
    chunk.tokens += unit.tokens;
    chunk.chars += unit.chars;
    if (endsChunk(unit, bounds.target)) chunk = undefined;
  }
  return chunks;
}

/**
 * Whether a chunk ends after this unit: a hash of its first path against its share of the target.
 * The size is rounded down to a power of two, so an edit that does not double or halve a file keeps
 * the decision; the 1.5 makes the mean chunk about the target.
 */
function endsChunk<F extends ChunkableFile>(unit: Bundle<F>, target: number): boolean {
  const rounded = 2 ** Math.floor(Math.log2(Math.max(1, unit.tokens)));
  const threshold = Math.min(1, (1.5 * rounded) / target);
  const draw = createHash('sha256').update(unit.files[0].path).digest().readUInt32BE(0) / 2 ** 32;
  return draw < threshold;
}

/** Files as units in path order: a source file with its tests (x.ts with x.spec.ts, x.test.ts) when they fit together, else one by one. */
function pairUnits<F extends ChunkableFile>(
  entries: Array<{ file: F; tokens: number; chars: number }>,
  capacity: number,
  charCapacity: number,
): Bundle<F>[] {
  const paths = new Set(entries.map((entry) => entry.file.path));
  const members = new Map<string, Array<{ file: F; tokens: number; chars: number }>>();
  for (const entry of entries) {
    const source = sourceOfTest(entry.file.path);
    const key = source !== undefined && paths.has(source) ? source : entry.file.path;
    members.set(key, [...(members.get(key) ?? []), entry]);
  }
  const units: Bundle<F>[] = [];
  for (const key of [...members.keys()].sort(compare)) {
    const group = members.get(key) as Array<{ file: F; tokens: number; chars: number }>;
    const tokens = sum(group.map((member) => member.tokens));
    const chars = sum(group.map((member) => member.chars));
    if (tokens <= capacity && chars <= charCapacity)
      units.push({ files: group.map((member) => member.file), tokens, chars });
    else units.push(...group.map((member) => ({ files: [member.file], tokens: member.tokens, chars: member.chars })));
  }
  return units;
}

/** `src/x.spec.ts` and `src/x.test.ts` test `src/x.ts`. */
function sourceOfTest(file: string): string | undefined {
  const match = /^(.*)\.(spec|test)(\.[^./]+)$/.exec(file);
  return match ? `${match[1]}${match[3]}` : undefined;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
