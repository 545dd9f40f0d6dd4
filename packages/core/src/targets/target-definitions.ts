/**
 * The one definition of the nx-codex targets. The inference plugins return it and the setup
 * generators write it, so an inferred target and a written one can never hash differently.
 * Nx loads this through the plugins on every graph computation: types and strings only.
 */
import type { TargetConfiguration } from '@nx/devkit';
import { outputPathOption } from './output-path';

export const REVIEW_TARGET = 'codex-review';
export const TEST_GENERATION_TARGET = 'codex-generate-tests';
export const REVIEW_EXECUTOR = '@nx-codex/codex-review:review';
export const TEST_GENERATION_EXECUTOR = '@nx-codex/test-generation:generate';

/** Node on core's CLI directly: Nx runs these for every hash of a codex target, and npx costs ~0.9 s (and may ask the registry). */
const CORE_CLI = 'node node_modules/@nx-codex/core/dist/cli/main.js';
/**
 * sh on a script that answers from a stamp of the settings files (inode, size, mtime) and starts
 * node only when one changed: a node start per hash was all of a cache hit's overhead.
 */
export const FINGERPRINT_COMMAND = 'sh node_modules/@nx-codex/core/dist/cli/settings-fingerprint.sh';
export const BASE_COMMIT_COMMAND = `${CORE_CLI} base-commit`;

/** What a target definition can be given (plugin options in nx.json, or the configuration generator's). */
export interface ReviewTargetOptions {
  /** `changes` adds the base and head commits (`nx-codex base-commit`) to the cache key. */
  scope?: 'project' | 'changes';
  /** scope `changes`: a fixed base ref for this target, instead of NX_BASE / nx.json defaultBase. */
  changesBase?: string;
  /** The scripted-model scenario the nx-codex repository serves for the `offline` configuration (its offline demo). */
  offlineScenario?: string;
}

/** A ref that is safe inside the runtime command Nx runs through a shell. */
const SAFE_REF = /^[A-Za-z0-9._/@^~+-]+$/;

export function baseCommitCommand(changesBase?: string): string {
  if (changesBase === undefined) return BASE_COMMIT_COMMAND;
  if (!SAFE_REF.test(changesBase) || changesBase.startsWith('-')) {
    throw new Error(
      `nx-codex: changesBase "${changesBase}" is not a plain git ref (letters, digits and . _ / @ ^ ~ + - only). Give a branch, tag or commit SHA.`,
    );
  }
  return `${BASE_COMMIT_COMMAND} --base=${changesBase}`;
}

/**
 * `offline` always exists, so `--configuration=offline` never falls through to the real model
 * (Nx drops a configuration a target lacks before any executor sees it): without a scenario the
 * executor stops with a message saying how to set one.
 */
function offlineConfiguration(offlineScenario: string | undefined): Record<string, Record<string, unknown>> {
  return { offline: offlineScenario ? { offline: true, localModelScenario: offlineScenario } : { offline: true } };
}

/**
 * What a review's result depends on: the project's files, the shared context and Codex config,
 * the effective settings (`nx-codex fingerprint`: model, provider, prompt and codex versions;
 * never secrets) and, for scope `changes`, the commits compared. Nx adds the executor's version.
 */
export function reviewTarget(options: ReviewTargetOptions = {}): TargetConfiguration {
  const scope = options.scope ?? 'project';
  const inputs: NonNullable<TargetConfiguration['inputs']> = [
    '{projectRoot}/**/*',
    '{workspaceRoot}/.codex/context.md',
    '{workspaceRoot}/.codex/config.toml',
    { runtime: FINGERPRINT_COMMAND },
  ];
  if (scope === 'changes') inputs.push({ runtime: baseCommitCommand(options.changesBase) });
  return {
    executor: REVIEW_EXECUTOR,
    cache: true,
    inputs,
    // Nx's convention: the executor writes where its outputPath option says, and the cache saves that.
    outputs: ['{options.outputPath}'],
    options: {
      scope,
      ...(scope === 'changes' && options.changesBase ? { changesBase: options.changesBase } : {}),
      outputPath: outputPathOption(REVIEW_TARGET),
    },
    configurations: offlineConfiguration(options.offlineScenario),
    metadata: {
      description: 'Review this project with OpenAI Codex (cached: an unchanged project is not sent again)',
      technologies: ['codex'],
    },
  };
}

export function generateTestsTarget(options: Pick<ReviewTargetOptions, 'offlineScenario'> = {}): TargetConfiguration {
  return {
    executor: TEST_GENERATION_EXECUTOR,
    // It changes source files and depends on a model's answer: never replay it from a cache.
    cache: false,
    outputs: ['{options.outputPath}'],
    options: { outputPath: outputPathOption(TEST_GENERATION_TARGET) },
    configurations: offlineConfiguration(options.offlineScenario),
    metadata: {
      description: 'OpenAI Codex writes tests for this project; only tests that pass its own test run are kept',
      technologies: ['codex'],
    },
  };
}
