/**
 * What the nx-codex inference plugins share: find the projects, filter them by the plugin's
 * include/exclude options, and add one target to each. Nx loads plugins on every graph
 * computation, so this module imports only node built-ins, minimatch (which Nx loads itself) and
 * types; @nx/devkit's createNodesFromFiles is required when the graph is computed, not at load.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContextV2, CreateNodesResult, CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { matchesRoot, projectMatches } from './project-filter';

export interface ProjectTargetPluginOptions {
  /** Name of the inferred target. */
  targetName?: string;
  /** Projects that get the target: names or root globs (`examples/*`, `{apps,libs}/*`). Default: every project. */
  include?: string[];
  /** Projects that don't: names or root globs. */
  exclude?: string[];
}

const PROJECT_FILES = '**/{project.json,package.json}';

/**
 * A createNodesV2 tuple that adds `target(options)` under `options.targetName ?? defaultTargetName`
 * to every matching project: each folder with a project.json, and each package.json folder inside
 * the root package.json's `workspaces` (other package.json files are not projects). A file that
 * cannot be read is reported by Nx with its path (createNodesFromFiles), not skipped.
 */
export function projectTargetNodes<O extends ProjectTargetPluginOptions>(
  defaultTargetName: string,
  target: (options: O) => TargetConfiguration,
): CreateNodesV2<O> {
  return [
    PROJECT_FILES,
    async (configFiles, options, context) => {
      const workspaces = readWorkspaceGlobs(context.workspaceRoot);
      const fileOfRoot = new Map<string, string>();
      for (const file of configFiles) {
        const root = dirname(file);
        const isProject = file.endsWith('project.json') || workspaces.some((glob) => matchesRoot(root, glob));
        if (root !== '.' && isProject && !fileOfRoot.has(root)) fileOfRoot.set(root, file);
      }
      const resolved = options ?? ({} as O);
      const { createNodesFromFiles } = await import('@nx/devkit');
      return createNodesFromFiles(
        (file, _options, ctx) => nodesFor(dirname(file), resolved, ctx, defaultTargetName, target),
        [...fileOfRoot.values()],
        resolved,
        context,
      );
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
  const name = readProjectName(context.workspaceRoot, root);
  if (name === undefined || !projectMatches({ name, root }, options.include, options.exclude)) return {};
  return { projects: { [root]: { targets: { [options.targetName ?? defaultTargetName]: target(options) } } } };
}

/** A project's name without loading the graph: project.json `name`, else package.json `nx.name` or `name`. */
function readProjectName(workspaceRoot: string, root: string): string | undefined {
  const projectJson = readJson(workspaceRoot, join(root, 'project.json'));
  if (projectJson?.name) return String(projectJson.name);
  const packageJson = readJson(workspaceRoot, join(root, 'package.json'));
  if (!projectJson && !packageJson) return undefined;
  return String(packageJson?.nx?.name ?? packageJson?.name ?? root.split('/').pop());
}

function readWorkspaceGlobs(workspaceRoot: string): string[] {
  const workspaces = readJson(workspaceRoot, 'package.json')?.workspaces;
  const globs: unknown = Array.isArray(workspaces) ? workspaces : workspaces?.packages;
  return Array.isArray(globs) ? globs.map(String) : [];
}

/** The fields of project.json and package.json read here (as written: each is checked where used). */
interface ManifestFields {
  name?: unknown;
  nx?: { name?: unknown };
  workspaces?: unknown[] | { packages?: unknown };
}

/** The parsed file, undefined when it does not exist; a file that is not JSON is an error naming it. */
function readJson(workspaceRoot: string, file: string): ManifestFields | undefined {
  const path = join(workspaceRoot, file);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it so Nx can read the project.`);
  }
}
