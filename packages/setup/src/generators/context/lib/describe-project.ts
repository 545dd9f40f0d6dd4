import { joinPathFragments, type ProjectConfiguration, type TargetConfiguration, type Tree } from '@nx/devkit';
import { countLanguages, describeLanguages } from './detect-languages';
import { detectTooling, describeTools } from './detect-tooling';
import { describeTypeScript, findWorkspaceTsConfig, readTypeScriptFacts } from './detect-typescript';
import { describeDependencies, readProjectDependencies, readProjectDependents } from './project-dependencies';
import { markdownList, packageJsonsOf, topLevelFiles } from './describe-workspace';
import { listSourceFiles } from './tree-files';

const PROJECT_DOCUMENTS = ['README.md', 'AGENTS.md', 'CONTRIBUTING.md'];

function describeTarget(name: string, target: TargetConfiguration): string {
  const runs = target.executor ?? target.command ?? (target.options as { command?: string } | undefined)?.command;
  return runs ? `${name} (\`${runs}\`)` : name;
}

function projectTsConfig(tree: Tree, root: string): string | undefined {
  const own = ['tsconfig.json', 'tsconfig.lib.json', 'tsconfig.app.json'].map((f) => joinPathFragments(root, f)).find((f) => tree.exists(f));
  return own ?? findWorkspaceTsConfig(tree);
}

export interface ProjectDescription {
  title: string;
  facts: string;
  links: string;
}

export function describeProject(tree: Tree, name: string, projects: Map<string, ProjectConfiguration>): ProjectDescription {
  const project = projects.get(name) as ProjectConfiguration;
  const listing = listSourceFiles(tree, [project.root]);
  // A project's tools may be configured in its own folder or for the whole workspace.
  const tooling = detectTooling(tree, topLevelFiles(tree, ['.', project.root]), packageJsonsOf(tree, ['.', project.root]));
  const targets = Object.entries(project.targets ?? {}).map(([target, config]) => describeTarget(target, config));
  const tsconfig = projectTsConfig(tree, project.root);

  const facts = [
    `Root: \`${project.root}\`${project.sourceRoot ? ` (sources in \`${project.sourceRoot}\`)` : ''}`,
    `Type: ${project.projectType ?? 'not set'}`,
    `Tags: ${(project.tags ?? []).join(', ') || 'none'}`,
    `Languages: ${describeLanguages(countLanguages(listing.files), listing.truncated)}`,
    `Targets in its configuration: ${targets.join(', ') || 'none'} (targets added by inference plugins: \`nx show project ${name}\`)`,
    `Depends on: ${describeDependencies(readProjectDependencies(tree, name, projects))}`,
    `Used by: ${describeDependencies(readProjectDependents(tree, name, projects))}`,
    `Tests: ${describeTools(tooling.testRunners, 'no test runner found')}`,
    `Lint: ${describeTools(tooling.linters, 'no linter found')}`,
    `TypeScript: ${describeTypeScript(tsconfig ? readTypeScriptFacts(tree, tsconfig) : undefined)}`,
  ];
  const links = PROJECT_DOCUMENTS.map((f) => joinPathFragments(project.root, f)).filter((f) => tree.exists(f)).map((f) => `\`${f}\``);
  return { title: name, facts: markdownList(facts, ''), links: markdownList(links, '- (none found yet)') };
}
