/**
 * The review prompt. PROMPT_VERSION is part of the settings fingerprint (and so of the Nx cache key):
 * bump it whenever the text below changes what the model is asked.
 */
export const PROMPT_VERSION = 'review-4';

export interface ReviewPromptFile {
  path: string;
  content: string;
  /** scope 'changes': the file's unified diff against the base (absent for a new file). */
  change?: { diff?: string; newFile: boolean };
}

export interface ReviewPromptInput {
  project: string;
  projectRoot: string;
  /** The files of this call. A call's prompt depends on nothing else of the project, so an unchanged chunk asks the same question again. */
  files: ReviewPromptFile[];
  context: string;
  instructions?: string;
  scope: 'project' | 'changes';
}

/** The user message of one review call; the review rules, priorities and answer format are in REVIEW_INSTRUCTIONS (the system prompt). */
export function buildReviewPrompt(
  input: ReviewPromptInput,
  render: (file: ReviewPromptFile) => string = renderPromptFile,
): string {
  return [promptHead(input), ...input.files.map((file) => render(file))].join('\n');
}

/** Everything but the file contents and the file list: counted once per call against the token budget. */
export function promptHead(input: Omit<ReviewPromptInput, 'files'> & { files?: ReviewPromptFile[] }): string {
  const files = input.files ?? [];
  const lines = [
    `You are reviewing the Nx project "${input.project}" (root: ${input.projectRoot}).`,
    input.scope === 'changes'
      ? 'Review the change: each file below shows its unified diff against the base, then its whole new version. Report defects the change introduces or exposes; a defect elsewhere in the file only when it is serious.'
      : 'Review the source files below.',
  ];
  if (files.length) lines.push('', `Files of this review (${files.length}):`, ...files.map(renderFileListLine));
  // The assembled context carries its own "## Context from <file>" headings.
  if (input.context.trim()) lines.push('', input.context.trim());
  if (input.instructions?.trim()) lines.push('', '## Additional instructions', '', input.instructions.trim());
  lines.push('', '## File contents', '');
  return lines.join('\n');
}

/** A file's line in the prompt's file list (its share of the head, counted with the file). */
export function renderFileListLine(file: ReviewPromptFile): string {
  return `- ${file.path}`;
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
