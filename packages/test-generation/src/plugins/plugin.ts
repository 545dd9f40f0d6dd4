/**
 * Inference plugin: adds a `codex-generate-tests` target to each project. Nx loads this module on
 * every graph computation, so it imports nothing heavy: only node:path, node:fs and devkit types.
 */
import { dirname, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { CreateNodesContextV2, CreateNodesResult, CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { globToRegExp, projectMatches } from './project-filter';

export interface TestGenerationPluginOptions {
  /** Name of the inferred target. Default `codex-generate-tests`. */
  targetName?: string;
  /** Projects that get the target: names or root globs (`examples/*`). Default: every project. */
  include?: string[];
  /** Projects that don't: names or root globs. */
  exclude?: string[];
  /** Adds an `offline` configuration that answers from tools/local-model with this scenario file (scripted answers). */
  offlineScenario?: string;
}

const PROJECT_FILES = '**/{project.json,package.json}';

export const createNodesV2: CreateNodesV2<TestGenerationPluginOptions> = [
  PROJECT_FILES,
  (configFiles, options, context) => {
    const workspaces = readWorkspaceGlobs(context.workspaceRoot);
    const fileOfRoot = new Map<string, string>();
    for (const file of configFiles) {
      const root = dirname(file);
      const isProject = file.endsWith('project.json') || workspaces.some((glob) => glob.test(root));
      if (root !== '.' && isProject && !fileOfRoot.has(root)) fileOfRoot.set(root, file);
    }
    return [...fileOfRoot].map(([root, file]) => [file, inferTarget(root, options ?? {}, context)] as const);
  },
];

/** Nx 23 renamed createNodesV2 to createNodes; export both so either version finds it. */
export const createNodes = createNodesV2;

function inferTarget(root: string, options: TestGenerationPluginOptions, context: CreateNodesContextV2): CreateNodesResult {
  const name = readProjectName(join(context.workspaceRoot, root));
  if (name === undefined || !projectMatches({ name, root }, options.include, options.exclude)) return {};
  const targetName = options.targetName ?? 'codex-generate-tests';
  return { projects: { [root]: { targets: { [targetName]: generateTestsTarget(options) } } } };
}

export function generateTestsTarget(options: TestGenerationPluginOptions): TargetConfiguration {
  const target: TargetConfiguration = {
    executor: '@nx-codex/test-generation:generate',
    // It changes source files and depends on a model's answer: never replay it from a cache.
    cache: false,
    outputs: ['{workspaceRoot}/dist/codex-generate-tests/{projectName}'],
    options: {},
    metadata: {
      description: 'OpenAI Codex writes tests for this project; only tests that pass its own test run are kept',
      technologies: ['codex'],
    },
  };
  if (options.offlineScenario) {
    target.configurations = { offline: { localModelScenario: options.offlineScenario } };
  }
  return target;
}

/** A project's name without loading the graph: project.json `name`, else package.json `nx.name` or `name`. */
function readProjectName(dir: string): string | undefined {
  const projectJson = readJson(join(dir, 'project.json'));
  if (projectJson?.name) return String(projectJson.name);
  const packageJson = readJson(join(dir, 'package.json'));
  if (!projectJson && !packageJson) return undefined;
  return String(packageJson?.nx?.name ?? packageJson?.name ?? dir.split('/').pop());
}

/** package.json files count as projects only inside the root package.json's `workspaces`. */
function readWorkspaceGlobs(workspaceRoot: string): RegExp[] {
  const workspaces = readJson(join(workspaceRoot, 'package.json'))?.workspaces;
  const globs: unknown = Array.isArray(workspaces) ? workspaces : workspaces?.packages;
  return Array.isArray(globs) ? globs.map((glob) => globToRegExp(String(glob))) : [];
}

function readJson(file: string): Record<string, any> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
