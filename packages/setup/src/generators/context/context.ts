import { generateFiles, joinPathFragments, logger, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { formatFilesSafely } from '../../utils/format';
import { describeProject } from './lib/describe-project';
import { describeWorkspace, readProjects } from './lib/describe-workspace';
import { readWorkspaceGraph } from './lib/project-graph';
import type { ContextGeneratorSchema } from './schema';

export const CONTEXT_FILE = '.codex/context.md';

/** Describes only when the file will be written: building the project graph costs seconds. */
async function writeContext(
  tree: Tree,
  template: 'workspace' | 'project',
  targetDir: string,
  describe: () => Promise<object>,
  force: boolean,
): Promise<boolean> {
  const target = joinPathFragments(targetDir, 'context.md');
  if (tree.exists(target) && !force) {
    logger.info(`nx-codex: ${target} already exists and was kept as it is (run with --force to regenerate it).`);
    return false;
  }
  generateFiles(tree, join(__dirname, 'files', template), targetDir, { ...(await describe()), tmpl: '' });
  return true;
}

/** Scaffolds the workspace's (or one project's) .codex/context.md from facts found in the Tree and the project graph. */
export async function contextGenerator(tree: Tree, options: ContextGeneratorSchema): Promise<void> {
  if (!options.project) {
    await writeContext(
      tree,
      'workspace',
      '.codex',
      async () => describeWorkspace(tree, await readWorkspaceGraph(tree)),
      !!options.force,
    );
  } else {
    const projects = readProjects(tree);
    const project = projects.get(options.project);
    if (!project) {
      const known = [...projects.keys()].slice(0, 20).join(', ') || 'none';
      throw new Error(
        `nx-codex: there is no project "${options.project}" in this workspace (projects: ${known}). Check the name with \`nx show projects\`.`,
      );
    }
    if (project.root === '.' || project.root === '') {
      throw new Error(
        `nx-codex: project "${options.project}" is the workspace root, so its context is the workspace's ${CONTEXT_FILE}. Run \`nx g @nx-codex/setup:context\` without --project.`,
      );
    }
    const name = options.project;
    const describe = async () => describeProject(tree, name, projects, await readWorkspaceGraph(tree));
    await writeContext(tree, 'project', joinPathFragments(project.root, '.codex'), describe, !!options.force);
  }
  await formatFilesSafely(tree, options.skipFormat);
}

export default contextGenerator;
