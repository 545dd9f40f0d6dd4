/**
 * The review prompt. PROMPT_VERSION is part of the settings fingerprint (and so of the Nx cache key):
 * bump it whenever the text below changes what the model is asked.
 */
export const PROMPT_VERSION = 'review-2';

export interface ReviewPromptFile {
  path: string;
  content: string;
  /** scope 'changes': the file's unified diff against the base (absent for a new file). */
  change?: { diff?: string; newFile: boolean };
}

export interface ReviewPromptInput {
  project: string;
  projectRoot: string;
  /** Every file of the review (all chunks), so each call knows the whole project's shape. */
  allFiles: string[];
  /** The files whose contents this call carries. */
  files: ReviewPromptFile[];
  context: string;
  instructions?: string;
  chunk?: { index: number; count: number };
  scope: 'project' | 'changes';
}

export function buildReviewPrompt(input: ReviewPromptInput): string {
  return [promptHead(input), ...input.files.map(renderPromptFile)].join('\n');
}

/** Everything but the file contents: counted once per call against the token budget. */
export function promptHead(input: Omit<ReviewPromptInput, 'files'> & { files?: unknown }): string {
  const lines = [
    `You are reviewing the Nx project "${input.project}" (root: ${input.projectRoot}).`,
    input.scope === 'changes'
      ? 'Review the change: each file below shows its unified diff against the base, then its whole new version. Report defects the change introduces or exposes; a defect elsewhere in the file only when it is serious.'
      : 'Review the source files below.',
    'Report real defects only: bugs, security problems, data loss, races, wrong error handling, and clear maintainability risks. No style nits unless they hide a bug.',
    'Do not modify any file. Answer only with JSON that fits the given schema:',
    '- priority: 0 = must fix before release (security, data loss, crash), 1 = serious bug, 2 = should fix, 3 = minor.',
    '- code_location.file_path: the path exactly as written in the "File:" headers below (workspace-relative); line_range: 1-based lines in that file.',
    '- confidence_score and overall_confidence_score: 0 to 1.',
    '- overall_correctness: "patch is incorrect" when any P0 or P1 finding exists, else "patch is correct".',
  ];
  if (input.chunk && input.chunk.count > 1) {
    lines.push(`This is part ${input.chunk.index + 1} of ${input.chunk.count} of the review: report findings for the files shown here only.`);
  }
  lines.push('', `Files of the review (${input.allFiles.length}):`, ...input.allFiles.map((file) => `- ${file}`));
  // The assembled context carries its own "## Context from <file>" headings.
  if (input.context.trim()) lines.push('', input.context.trim());
  if (input.instructions?.trim()) lines.push('', '## Additional instructions', '', input.instructions.trim());
  lines.push('', '## File contents', '');
  return lines.join('\n');
}

/** One file as the prompt shows it: a header and the content with line numbers (so findings cite real lines). */
export function renderPromptFile(file: ReviewPromptFile): string {
  const numbered = file.content
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}| ${line}`)
    .join('\n');
  return `File: ${file.path}\n${renderChange(file)}\`\`\`\n${numbered}\n\`\`\`\n`;
}

function renderChange(file: ReviewPromptFile): string {
  if (!file.change) return '';
  if (file.change.newFile || !file.change.diff) return 'Change: new file (every line is part of the change).\n';
  return `Change (unified diff against the base):\n\`\`\`diff\n${file.change.diff}\`\`\`\nNew version:\n`;
}
