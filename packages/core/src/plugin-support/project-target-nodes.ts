/**
 * What the nx-codex inference plugins share: find the projects, filter them by the plugin's
 * include/exclude options, and add one target to each. Nx loads plugins on every graph
 * computation, so this module imports only node:fs, node:path and types.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContextV2, CreateNodesResult, CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { globToRegExp, projectMatches } from './project-filter';

export interface ProjectTargetPluginOptions {
  /** Name of the inferred target. */
  targetName?: string;
  /** Projects that get the target: names or root globs (`examples/*`). Default: every project. */
  include?: string[];
  /** Projects that don't: names or root globs. */
  exclude?: string[];
}

const PROJECT_FILES = '**/{project.json,package.json}';

/**
 * A createNodesV2 tuple that adds `target(options)` under `options.targetName ?? defaultTargetName`
 * to every matching project: each folder with a project.json, and each package.json folder inside
 * the root package.json's `workspaces` (other package.json files are not projects).
 */
export function projectTargetNodes<O extends ProjectTargetPluginOptions>(
  defaultTargetName: string,
  target: (options: O) => TargetConfiguration,
): CreateNodesV2<O> {
  return [
    PROJECT_FILES,
    (configFiles, options, context) => {
      const workspaces = readWorkspaceGlobs(context.workspaceRoot);
      const fileOfRoot = new Map<string, string>();
      for (const file of configFiles) {
        const root = dirname(file);
        const isProject = file.endsWith('project.json') || workspaces.some((glob) => glob.test(root));
        if (root !== '.' && isProject && !fileOfRoot.has(root)) fileOfRoot.set(root, file);
      }
      const resolved = options ?? ({} as O);
      return [...fileOfRoot].map(([root, file]) => [file, nodesFor(root, resolved, context, defaultTargetName, target)] as const);
    },
  ];
}

function nodesFor<O extends ProjectTargetPluginOptions>(
  root: string,
  options: O,
  context: CreateNodesContextV2,
  defaultTargetName: string,
  target: (options: O) => TargetConfiguration,
): CreateNodesResult {
  const name = readProjectName(join(context.workspaceRoot, root));
  if (name === undefined || !projectMatches({ name, root }, options.include, options.exclude)) return {};
  return { projects: { [root]: { targets: { [options.targetName ?? defaultTargetName]: target(options) } } } };
}

/** A project's name without loading the graph: project.json `name`, else package.json `nx.name` or `name`. */
function readProjectName(dir: string): string | undefined {
  const projectJson = readJson(join(dir, 'project.json'));
  if (projectJson?.name) return String(projectJson.name);
  const packageJson = readJson(join(dir, 'package.json'));
  if (!projectJson && !packageJson) return undefined;
  return String(packageJson?.nx?.name ?? packageJson?.name ?? dir.split('/').pop());
}

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
