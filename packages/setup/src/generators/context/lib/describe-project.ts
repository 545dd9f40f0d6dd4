import {
  joinPathFragments,
  type ProjectConfiguration,
  type ProjectGraph,
  type TargetConfiguration,
  type Tree,
} from '@nx/devkit';
import { countLanguages, describeLanguages } from './detect-languages';
import { detectFrameworks, type DetectedFramework } from './detect-frameworks';
import { detectTooling, describeTools } from './detect-tooling';
import { describeTypeScript, findWorkspaceTsConfig, readTypeScriptFacts } from './detect-typescript';
import { describeDependencies, readProjectDependencies, readProjectDependents } from './project-dependencies';
import { markdownList, packageJsonsOf, topLevelFiles } from './describe-workspace';
import { readProjectUsage } from './package-usage';
import { listSourceFiles } from './tree-files';

const PROJECT_DOCUMENTS = ['README.md', 'AGENTS.md', 'CONTRIBUTING.md'];

/** What a target runs: its executor, or for a run-commands target (what inference plugins make) its command. */
function describeTarget(name: string, target: TargetConfiguration): string {
  const command = target.command ?? (target.options as { command?: unknown } | undefined)?.command;
  const runs =
    target.executor === 'nx:run-commands' && typeof command === 'string' ? command : (target.executor ?? command);
  return typeof runs === 'string' ? `${name} (\`${runs}\`)` : name;
}

function projectTsConfig(tree: Tree, root: string): string | undefined {
  const own = ['tsconfig.json', 'tsconfig.lib.json', 'tsconfig.app.json']
    .map((f) => joinPathFragments(root, f))
    .find((f) => tree.exists(f));
  return own ?? findWorkspaceTsConfig(tree);
}

function describeFrameworks(frameworks: DetectedFramework[]): string {
  return frameworks.map((f) => `${f.name} (${f.evidence.join(', ')})`).join('; ');
}

export interface ProjectDescription {
  title: string;
  facts: string;
  links: string;
}

/**
 * A project's facts come from the project alone: what it imports, its own package.json, config
 * files in its folder and its targets. A workspace-wide dependency (Cypress in the root
 * package.json) is not a fact about a library that has no e2e target.
 */
export function describeProject(
  tree: Tree,
  name: string,
  projects: Map<string, ProjectConfiguration>,
  graph?: ProjectGraph,
): ProjectDescription {
  const project = projects.get(name) as ProjectConfiguration;
  const listing = listSourceFiles(tree, [project.root]);
  const usage = readProjectUsage(tree, name, projects, graph);
  const frameworks = detectFrameworks(usage.packages, usage.targets);
  const tooling = detectTooling(
    tree,
    topLevelFiles(tree, [project.root]),
    packageJsonsOf(tree, [project.root]),
    usage.targets,
  );
  const targets = Object.entries(usage.targets).map(([target, config]) => describeTarget(target, config));
  const targetsFrom = graph
    ? 'from the project graph, inferred ones included'
    : `in its configuration; inferred ones: \`nx show project ${name}\``;
  const tsconfig = projectTsConfig(tree, project.root);
  const none = "none in the project's folder, package.json or targets";

  const facts = [
    `Root: \`${project.root}\`${project.sourceRoot ? ` (sources in \`${project.sourceRoot}\`)` : ''}`,
    `Type: ${project.projectType ?? 'not set'}`,
    `Tags: ${(project.tags ?? []).join(', ') || 'none'}`,
    `Languages: ${describeLanguages(countLanguages(listing.files), listing.truncated)}`,
    `Frameworks: ${describeFrameworks(frameworks.filter((f) => f.kind === 'framework')) || 'none found in what it imports, declares or runs'}`,
    ...(frameworks.some((f) => f.kind === 'library')
      ? [`Libraries: ${describeFrameworks(frameworks.filter((f) => f.kind === 'library'))}`]
      : []),
    `Targets (${targetsFrom}): ${targets.join(', ') || 'none'}`,
    `Depends on: ${describeDependencies(readProjectDependencies(tree, name, projects))}`,
    `Used by: ${describeDependencies(readProjectDependents(tree, name, projects))}`,
    `Tests: ${describeTools(tooling.testRunners, none)}`,
    `Lint: ${describeTools(tooling.linters, none)}`,
    `TypeScript: ${describeTypeScript(tsconfig ? readTypeScriptFacts(tree, tsconfig) : undefined)}`,
  ];
  const links = PROJECT_DOCUMENTS.map((f) => joinPathFragments(project.root, f))
    .filter((f) => tree.exists(f))
    .map((f) => `\`${f}\``);
  return { title: name, facts: markdownList(facts, ''), links: markdownList(links, '') };
}
