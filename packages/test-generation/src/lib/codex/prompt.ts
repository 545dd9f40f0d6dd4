import { trimMiddle } from '@nx-codex/core';
import type { TestRunnerKind } from '../tests/test-command';

/** Part of nothing's cache key (generation is never cached), but recorded in the report. */
export const PROMPT_VERSION = 'generate-tests/1';

export interface PromptFile {
  /** Relative to the project root (Codex's working folder). */
  path: string;
  content: string;
}

export interface WritePromptInput {
  project: string;
  /** Files to write tests for, with content. */
  files: PromptFile[];
  /** Files to write tests for whose content did not fit the budget: Codex can read them itself. */
  filesByPathOnly: string[];
  /** The project's test files as they are, relative to the project root. */
  existingTests: string[];
  /** One existing test file, to copy its style. */
  example?: PromptFile;
  /** Assembled .codex/context.md text ('' when there is none). */
  context: string;
  runner: TestRunnerKind;
  testCommand: string;
  /** Globs relative to the project root. */
  allowedWrites: string[];
  /** Line coverage per source file before, relative paths (when measured). */
  coverageBefore?: Array<{ path: string; covered: number; total: number }>;
  instructions?: string;
}

export function buildWritePrompt(input: WritePromptInput): string {
  const sections: string[] = [];
  sections.push(
    [
      `Write unit tests for the project "${input.project}". Your working folder is the project's root.`,
      '',
      'Rules:',
      `- Create or extend test files only. Only paths matching ${input.allowedWrites.map((g) => `\`${g}\``).join(', ')} (relative to this folder) are kept; every other change (source files, configuration, files outside this folder) is reverted.`,
      `- The tests must pass against the code as it is now, and be deterministic (no real time, network or randomness). Tests that fail are sent back to you for repair, then deleted.`,
      '- When the code looks wrong, do not write a failing test: pin down what the code does today and name the suspected bug in your final message.',
      `- Test runner: ${input.runner === 'jest' ? 'Jest' : "the project's own (see its configuration)"}; the tests are run with \`${input.testCommand}\`.`,
      '- Prefer behaviour that is not tested yet: branches, edge cases, error paths.',
      '- Finish with a short message listing the test files you wrote.',
    ].join('\n'),
  );
  if (input.instructions?.trim()) sections.push(`## Instructions from the user\n\n${input.instructions.trim()}`);
  if (input.context.trim()) sections.push(input.context.trim());
  if (input.example)
    sections.push(
      `## Example of this project's test style: ${input.example.path}\n\n${fence(input.example.content, input.example.path)}`,
    );
  sections.push(
    `## Existing test files\n\n${input.existingTests.length > 0 ? input.existingTests.map((f) => `- ${f}`).join('\n') : '(none)'}`,
  );
  if (input.coverageBefore && input.coverageBefore.length > 0) {
    const lines = [...input.coverageBefore]
      .sort((a, b) => ratio(a) - ratio(b) || a.path.localeCompare(b.path))
      .map((c) => `- ${c.path}: ${c.covered}/${c.total} lines covered`);
    sections.push(`## Line coverage before (files no test loads are missing)\n\n${lines.join('\n')}`);
  }
  const sources = input.files.map((file) => `### ${file.path}\n\n${fence(file.content, file.path)}`);
  if (input.filesByPathOnly.length > 0)
    sources.push(
      `Also (read them yourself, they did not fit here):\n${input.filesByPathOnly.map((f) => `- ${f}`).join('\n')}`,
    );
  sections.push(`## Files to test\n\n${sources.length > 0 ? sources.join('\n\n') : '(none)'}`);
  return `${sections.join('\n\n')}\n`;
}

export interface PromptFailure {
  /** Relative to the project root. */
  path: string;
  reason: string;
  message: string;
}

export interface RepairPromptInput {
  round: number;
  maxRounds: number;
  testCommand: string;
  failures: PromptFailure[];
  /** Existing tests that the new files break. */
  brokenExisting: PromptFailure[];
  /** Changes of yours that were reverted since the last prompt. */
  reverted: Array<{ path: string; detail: string }>;
  maxMessageChars?: number;
}

export function buildRepairPrompt(input: RepairPromptInput): string {
  const limit = input.maxMessageChars ?? 4000;
  const parts: string[] = [
    `Repair round ${input.round} of ${input.maxRounds}. These test files fail when \`${input.testCommand}\` runs:`,
  ];
  for (const failure of input.failures)
    parts.push(`### ${failure.path} (${failure.reason})\n\n${fence(trimMiddle(failure.message, limit), 'output')}`);
  if (input.brokenExisting.length > 0) {
    parts.push('With your files in place, these existing tests fail, and they passed before:');
    for (const broken of input.brokenExisting)
      parts.push(`### ${broken.path}\n\n${fence(trimMiddle(broken.message, limit), 'output')}`);
  }
  if (input.reverted.length > 0) {
    parts.push(
      `These changes of yours were reverted: ${input.reverted.map((r) => `${r.path} (${r.detail})`).join('; ')}.`,
    );
  }
  parts.push(
    'Fix the failing test files, changing test files only. When a test fails because the code does something other than you expected, assert what it does today (and mention the suspected bug), or delete that test. Files still failing after the last round are deleted.',
  );
  return `${parts.join('\n\n')}\n`;
}

function ratio(c: { covered: number; total: number }): number {
  return c.total === 0 ? 1 : c.covered / c.total;
}

function fence(content: string, file: string): string {
  const longest = Math.max(2, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const lang = /\.[cm]?tsx?$/.test(file) ? 'ts' : /\.[cm]?jsx?$/.test(file) ? 'js' : '';
  return `${ticks}${lang}\n${content.replace(/\n$/, '')}\n${ticks}`;
}
