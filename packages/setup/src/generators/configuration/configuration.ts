import {
  getProjects,
  joinPathFragments,
  logger,
  readNxJson,
  updateJson,
  type TargetConfiguration,
  type Tree,
} from '@nx/devkit';
import { formatFilesSafely } from '../../utils/format';
import {
  generateTestsTarget,
  REVIEW_EXECUTOR,
  REVIEW_TARGET,
  reviewTarget,
  TEST_GENERATION_EXECUTOR,
  TEST_GENERATION_TARGET,
} from '@nx-codex/core/plugin-support';
import { CODEX_PLUGINS } from '../init/lib/codex-nx-config';
import { isPluginRegistered } from '../init/lib/update-nx-json';
import type { CodexTargetName, ConfigurationGeneratorSchema } from './schema';

const EXECUTOR_BY_TARGET: Record<CodexTargetName, string> = {
  [REVIEW_TARGET]: REVIEW_EXECUTOR,
  [TEST_GENERATION_TARGET]: TEST_GENERATION_EXECUTOR,
};

/** Core's definition, the one the inference plugins return (metadata is for inferred targets only). */
function codexTarget(name: CodexTargetName, options: ConfigurationGeneratorSchema): TargetConfiguration {
  const { metadata: _metadata, ...target } =
    name === REVIEW_TARGET
      ? reviewTarget({ scope: options.scope, changesBase: options.changesBase })
      : generateTestsTarget();
  return target;
}

function configurationFile(tree: Tree, root: string): string {
  const projectJson = joinPathFragments(root, 'project.json');
  return tree.exists(projectJson) ? projectJson : joinPathFragments(root, 'package.json');
}

/**
 * Edits the file itself rather than round-tripping the project configuration, which for
 * package.json projects would copy every npm script into "nx".targets.
 */
function addTargets(tree: Tree, file: string, names: CodexTargetName[], options: ConfigurationGeneratorSchema): void {
  updateJson(
    tree,
    file,
    (json: {
      targets?: Record<string, TargetConfiguration>;
      nx?: { targets?: Record<string, TargetConfiguration> };
    }) => {
      const owner = file.endsWith('project.json') ? json : (json.nx ??= {});
      owner.targets ??= {};
      for (const name of names) owner.targets[name] = codexTarget(name, options);
      return json;
    },
  );
}

/** Adds explicit Codex targets to one project, refusing to replace existing ones without --force. */
export async function configurationGenerator(tree: Tree, options: ConfigurationGeneratorSchema): Promise<void> {
  const projects = getProjects(tree);
  const project = projects.get(options.project);
  if (!project) {
    const known = [...projects.keys()].sort().slice(0, 20).join(', ') || 'none';
    throw new Error(
      `nx-codex: there is no project "${options.project}" in this workspace (projects: ${known}). Check the name with \`nx show projects\`.`,
    );
  }
  const wanted = [...new Set(options.targets ?? [REVIEW_TARGET, TEST_GENERATION_TARGET])] as CodexTargetName[];
  const unknown = wanted.filter((name) => !(name in EXECUTOR_BY_TARGET));
  if (unknown.length > 0) {
    throw new Error(
      `nx-codex: unknown target ${unknown.map((n) => `"${n}"`).join(', ')}; --targets takes ${Object.keys(EXECUTOR_BY_TARGET).join(' and/or ')}.`,
    );
  }
  const clashing = wanted.filter((name) => project.targets?.[name] !== undefined);
  if (clashing.length > 0 && !options.force) {
    throw new Error(
      `nx-codex: project "${options.project}" already has ${clashing.map((n) => `"${n}"`).join(' and ')} in ${configurationFile(tree, project.root)}; nothing was changed. ` +
        `Run with --force to replace ${clashing.length === 1 ? 'it' : 'them'}, or remove ${clashing.length === 1 ? 'it' : 'them'} first.`,
    );
  }

  addTargets(tree, configurationFile(tree, project.root), wanted, options);

  const nxJson = readNxJson(tree) ?? {};
  if (CODEX_PLUGINS.some(({ plugin }) => isPluginRegistered(nxJson, plugin))) {
    logger.info(
      'nx-codex: the nx-codex inference plugins are registered in nx.json too; the explicit targets take precedence over the inferred ones of the same name.',
    );
  }
  await formatFilesSafely(tree, options.skipFormat);
}

export default configurationGenerator;
