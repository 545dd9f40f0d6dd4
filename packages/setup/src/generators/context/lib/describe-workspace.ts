import { getProjects, joinPathFragments, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { countLanguages, describeLanguages } from './detect-languages';
import { detectPackageManager, detectTooling, describeTools, readPackageJson, type PackageJson } from './detect-tooling';
import { describeTypeScript, findWorkspaceTsConfig, readTypeScriptFacts } from './detect-typescript';
import { listSourceFiles } from './tree-files';

/** More rows would cost tokens on every prompt; the rest are one `nx show projects` away. */
const MAX_PROJECT_ROWS = 50;
const ROOT_DOCUMENTS = ['AGENTS.md', 'CLAUDE.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md', 'README.md'];
const MAX_LINKS = 12;

export function readProjects(tree: Tree): Map<string, ProjectConfiguration> {
  return new Map([...getProjects(tree).entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Files directly in these folders: where tools keep their config. */
export function topLevelFiles(tree: Tree, dirs: string[]): string[] {
  const files = new Set<string>();
  for (const dir of new Set(dirs)) {
    for (const name of tree.children(dir)) {
      const path = dir === '.' || dir === '' ? name : joinPathFragments(dir, name);
      if (tree.isFile(path)) files.add(path);
    }
  }
  return [...files].sort();
}

export function packageJsonsOf(tree: Tree, roots: string[]): Array<[string, PackageJson]> {
  const found: Array<[string, PackageJson]> = [];
  for (const root of new Set(roots)) {
    const path = root === '.' || root === '' ? 'package.json' : joinPathFragments(root, 'package.json');
    const pkg = readPackageJson(tree, path);
    if (pkg) found.push([path, pkg]);
  }
  return found;
}

export function markdownList(lines: string[], empty: string): string {
  return lines.length > 0 ? lines.map((line) => `- ${line}`).join('\n') : empty;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function projectTable(projects: Map<string, ProjectConfiguration>): string {
  if (projects.size === 0) return '_No projects found (no project.json or package.json projects in the workspace)._';
  const rows = [...projects.entries()].slice(0, MAX_PROJECT_ROWS).map(([name, p]) => {
    const tags = (p.tags ?? []).join(', ') || '—';
    return `| ${escapeCell(name)} | ${p.projectType ?? '—'} | \`${p.root}\` | ${escapeCell(tags)} |`;
  });
  const more = projects.size > MAX_PROJECT_ROWS ? `\n\n…and ${projects.size - MAX_PROJECT_ROWS} more (\`nx show projects\`).` : '';
  return ['| Project | Type | Root | Tags |', '| --- | --- | --- | --- |', ...rows].join('\n') + more;
}

function documentLinks(tree: Tree): string[] {
  const docs = ROOT_DOCUMENTS.filter((file) => tree.exists(file));
  if (tree.exists('docs') && !tree.isFile('docs')) {
    docs.push(...tree.children('docs').filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`));
  }
  return docs.slice(0, MAX_LINKS).map((file) => `\`${file}\``);
}

export interface WorkspaceDescription {
  title: string;
  facts: string;
  projects: string;
  links: string;
}

/** Everything stated here is read from the Tree: what is not found is said to be not found. */
export function describeWorkspace(tree: Tree): WorkspaceDescription {
  const projects = readProjects(tree);
  const roots = ['.', ...[...projects.values()].map((p) => p.root)];
  const rootPackageJson = readPackageJson(tree, 'package.json');
  const listing = listSourceFiles(tree, projects.size > 0 ? [...projects.values()].map((p) => p.root) : ['.']);
  const tooling = detectTooling(tree, topLevelFiles(tree, roots), packageJsonsOf(tree, roots));
  const packageManager = detectPackageManager(tree, rootPackageJson);
  const nxVersion = rootPackageJson?.devDependencies?.['nx'] ?? rootPackageJson?.dependencies?.['nx'];
  const node = rootPackageJson?.engines?.['node'];
  const tsconfig = findWorkspaceTsConfig(tree);

  const facts = [
    `Nx workspace${nxVersion ? ` (nx ${nxVersion})` : ''} with ${projects.size} ${projects.size === 1 ? 'project' : 'projects'}`,
    `Package manager: ${packageManager ? describeTools([packageManager], '') : 'not detected (no lockfile, no "packageManager" field)'}`,
    ...(node ? [`Node.js: ${node} (engines in package.json)`] : []),
    `Languages: ${describeLanguages(countLanguages(listing.files), listing.truncated)}`,
    `Tests: ${describeTools(tooling.testRunners, 'no test runner found')}`,
    `Lint: ${describeTools(tooling.linters, 'no linter found')}`,
    `Format: ${describeTools(tooling.formatters, 'no formatter found')}`,
    `TypeScript: ${describeTypeScript(tsconfig ? readTypeScriptFacts(tree, tsconfig) : undefined)}`,
  ];
  return {
    title: rootPackageJson?.name ?? 'This workspace',
    facts: markdownList(facts, ''),
    projects: projectTable(projects),
    links: markdownList(documentLinks(tree), '- (none found yet)'),
  };
}
