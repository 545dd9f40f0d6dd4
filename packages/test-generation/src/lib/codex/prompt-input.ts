import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { assembleContext, countTokens, git, scanForSecrets, selectFiles, splitNul } from '@nx-codex/core';
import type { FileCoverage } from '../tests/coverage';
import { isTestFile } from '../tests/judge-run';
import type { WritePromptInput } from './prompt';
import { isInside, repoPath, type RepoLayout } from '../workspace/repo-layout';
import type { TestCommandPlan } from '../tests/test-command';
import { GENERATE_DEFAULTS, type GenerateRequest } from '../run/types';

/** Code files worth testing, by default. */
export const DEFAULT_SOURCE_INCLUDE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];
/** Never "files to test": tests, their helpers, declarations, configuration, build output. */
export const ALWAYS_EXCLUDED = [
  '**/*.{spec,test}.*',
  '**/__tests__/**',
  '**/__snapshots__/**',
  '**/__mocks__/**',
  '**/*.d.ts',
  '**/*.config.*',
  '**/node_modules/**',
  '**/dist/**',
  '**/coverage/**',
];
const EXAMPLE_MAX_BYTES = 8000;

export interface CollectedPromptInput {
  input: WritePromptInput;
  /** Workspace-relative paths of the files Codex is asked to test. */
  sourceFiles: string[];
  /** Secrets replaced before the prompt was built. */
  secretsRedacted: number;
}

/**
 * What the write prompt carries. Every text read from the repository (source files, the style
 * example, context.md) goes through core's secret scan first: a secret reaches Codex only as
 * `[REDACTED:<rule>]`.
 */
export async function collectPromptInput(options: {
  request: GenerateRequest;
  layout: RepoLayout;
  plan: TestCommandPlan;
  allowedWrites: string[];
  coverageBefore?: Map<string, FileCoverage>;
  model?: string;
}): Promise<CollectedPromptInput> {
  const { request, layout } = options;
  const selected = await selectFiles({
    workspaceRoot: request.workspaceRoot,
    projectRoot: request.projectRoot,
    scope: request.scope ?? GENERATE_DEFAULTS.scope,
    base: request.base,
    head: request.head,
    include: request.include && request.include.length > 0 ? request.include : DEFAULT_SOURCE_INCLUDE,
    exclude: [...(request.exclude ?? []), ...options.allowedWrites, ...ALWAYS_EXCLUDED],
    maxFileBytes: request.maxFileBytes ?? GENERATE_DEFAULTS.maxFileBytes,
    env: request.env,
  });
  const contextText = assembleContext({ workspaceRoot: request.workspaceRoot, projectRoot: request.projectRoot }).text;
  const secretOptions = { disableSecretRules: request.disableSecretRules, allowSecretPaths: request.allowSecretPaths };
  const scan = await scanForSecrets(
    [...selected.files, { path: '.codex/context.md', content: contextText }],
    secretOptions,
  );
  const selection = { ...selected, files: scan.files.slice(0, selected.files.length) };
  const redactedContext = scan.files[selected.files.length].content;
  const projectAbsolute = path.join(layout.gitRoot, layout.projectDir);
  const relative = (workspaceFile: string): string =>
    path.posix.relative(layout.projectDir, repoPath(layout, workspaceFile, layout.workspaceRoot));

  const budget = request.maxPromptTokens ?? GENERATE_DEFAULTS.maxPromptTokens;
  const { files, filesByPathOnly } = fitToBudget(selection.files, budget, options.model, relative);
  const existingTests = listProjectFiles(layout).filter(isTestFile);
  const example = await redactedExample(existingTests, projectAbsolute, layout, secretOptions);
  const coverageBefore = options.coverageBefore
    ? [...options.coverageBefore].map(([file, coverage]) => ({
        path: path.posix.relative(layout.projectDir, file),
        covered: coverage.lines.covered,
        total: coverage.lines.total,
      }))
    : undefined;

  return {
    input: {
      project: request.project,
      files,
      filesByPathOnly,
      existingTests: existingTests.map((f) => path.posix.relative(layout.projectDir, f)),
      example,
      context: redactedContext,
      runner: options.plan.runner,
      testCommand: options.plan.command,
      allowedWrites: options.allowedWrites,
      coverageBefore,
      instructions: request.instructions,
    },
    sourceFiles: selection.files.map((f) => f.path),
    secretsRedacted: scan.hits.length,
  };
}

/** The files, whole, in order while they fit `budget` tokens; the rest by path only (Codex can read them). */
function fitToBudget(
  selected: Array<{ path: string; content: string }>,
  budget: number,
  model: string | undefined,
  relative: (workspaceFile: string) => string,
): Pick<WritePromptInput, 'files' | 'filesByPathOnly'> {
  let used = 0;
  const files: WritePromptInput['files'] = [];
  const filesByPathOnly: string[] = [];
  for (const file of selected) {
    const tokens = countTokens(file.content, model);
    if (used + tokens <= budget) {
      used += tokens;
      files.push({ path: relative(file.path), content: file.content });
    } else filesByPathOnly.push(relative(file.path));
  }
  return { files, filesByPathOnly };
}

/** The style example (pickExample), through the secret scan like every other text of the prompt. */
async function redactedExample(
  existingTests: string[],
  projectAbsolute: string,
  layout: RepoLayout,
  secretOptions: { disableSecretRules?: string[]; allowSecretPaths?: string[] },
): Promise<WritePromptInput['example']> {
  const picked = pickExample(existingTests, projectAbsolute, layout);
  if (!picked) return undefined;
  const scanned = await scanForSecrets([{ path: picked.path, content: picked.content }], secretOptions);
  return { ...picked, content: scanned.files[0].content };
}

/** Tracked and untracked (not ignored) files of the project, repository-relative. */
function listProjectFiles(layout: RepoLayout): string[] {
  const pathspec = `:(literal)${layout.projectDir === '' ? '.' : layout.projectDir}`;
  return splitNul(git(layout.gitRoot, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', pathspec]))
    .filter((file) => isInside(file, layout.projectDir))
    .sort();
}

/** The smallest test file that is not trivial: a short example teaches the style at little cost. */
function pickExample(tests: string[], projectAbsolute: string, layout: RepoLayout): WritePromptInput['example'] {
  const candidates = tests
    .map((file) => {
      try {
        return { file, content: readFileSync(path.join(layout.gitRoot, file), 'utf8') };
      } catch {
        return undefined;
      }
    })
    .filter(
      (c): c is { file: string; content: string } =>
        c !== undefined && c.content.trim().length > 0 && Buffer.byteLength(c.content) <= EXAMPLE_MAX_BYTES,
    )
    .sort((a, b) => a.content.length - b.content.length);
  const chosen = candidates.find((c) => c.content.length >= 200) ?? candidates[0];
  return chosen
    ? {
        path: path.relative(projectAbsolute, path.join(layout.gitRoot, chosen.file)).split(path.sep).join('/'),
        content: chosen.content,
      }
    : undefined;
}
