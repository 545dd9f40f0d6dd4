import { getProjects, joinPathFragments, type ProjectConfiguration, type ProjectGraph, type Tree } from '@nx/devkit';
import { countLanguages, describeLanguages } from './detect-languages';
import { detectFrameworks, frameworkNames, type DetectedFramework, type FrameworkKind } from './detect-frameworks';
import {
  allDependencies,
  detectPackageManager,
  detectTooling,
  describeTools,
  readPackageJson,
  type PackageJson,
} from './detect-tooling';
import { describeTypeScript, findWorkspaceTsConfig, readTypeScriptFacts } from './detect-typescript';
import { readProjectUsage } from './package-usage';
import { listSourceFiles } from './tree-files';

/** More rows would cost tokens on every prompt; the rest are one `nx show projects` away. */
const MAX_PROJECT_ROWS = 50;
const ROOT_DOCUMENTS = ['AGENTS.md', 'CLAUDE.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md', 'README.md'];
const MAX_LINKS = 12;
/** Projects named after a framework in the facts; the table names them all. */
const MAX_NAMED_USERS = 4;

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

function projectTable(
  projects: Map<string, ProjectConfiguration>,
  frameworks: Map<string, DetectedFramework[]>,
): string {
  if (projects.size === 0) return '_No projects found (no project.json or package.json projects in the workspace)._';
  const rows = [...projects.entries()].slice(0, MAX_PROJECT_ROWS).map(([name, p]) => {
    const tags = (p.tags ?? []).join(', ') || '—';
    const uses = frameworkNames(frameworks.get(name) ?? []) || '—';
    return `| ${escapeCell(name)} | ${p.projectType ?? '—'} | \`${p.root}\` | ${escapeCell(uses)} | ${escapeCell(tags)} |`;
  });
  const more =
    projects.size > MAX_PROJECT_ROWS ? `\n\n…and ${projects.size - MAX_PROJECT_ROWS} more (\`nx show projects\`).` : '';
  return ['| Project | Type | Root | Uses | Tags |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + more;
}

/** "Angular ~19.2.0 (shop, shop-e2e)": each framework of a kind, its declared version, the projects using it. */
function describeFrameworks(
  frameworks: Map<string, DetectedFramework[]>,
  kind: FrameworkKind,
  rootPackageJson: PackageJson | undefined,
): string | undefined {
  const users = new Map<string, { projects: string[]; packages: Set<string> }>();
  for (const [project, found] of frameworks) {
    for (const framework of found.filter((f) => f.kind === kind)) {
      const entry = users.get(framework.name) ?? { projects: [], packages: new Set<string>() };
      entry.projects.push(project);
      for (const name of framework.packages) entry.packages.add(name);
      users.set(framework.name, entry);
    }
  }
  if (users.size === 0) return undefined;
  const declared = allDependencies(rootPackageJson);
  return [...users.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { projects, packages }]) => {
      const version = [...packages].map((p) => declared[p]).find((v) => v !== undefined);
      const named =
        projects.slice(0, MAX_NAMED_USERS).join(', ') +
        (projects.length > MAX_NAMED_USERS ? ` and ${projects.length - MAX_NAMED_USERS} more` : '');
      return `${name}${version ? ` ${version}` : ''} (${named})`;
    })
    .join(', ');
}

function documentLinks(tree: Tree): string[] {
  const docs = ROOT_DOCUMENTS.filter((file) => tree.exists(file));
  if (tree.exists('docs') && !tree.isFile('docs')) {
    docs.push(
      ...tree
        .children('docs')
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => `docs/${name}`),
    );
  }
  return docs.slice(0, MAX_LINKS).map((file) => `\`${file}\``);
}

export interface WorkspaceDescription {
  title: string;
  facts: string;
  projects: string;
  links: string;
}

/**
 * Everything stated here is read from the Tree (and Nx's project graph when there is one): what
 * is not found is said to be not found. Frameworks are per project, from what each one uses.
 */
export function describeWorkspace(tree: Tree, graph?: ProjectGraph): WorkspaceDescription {
  const projects = readProjects(tree);
  const frameworks = new Map(
    [...projects.keys()].map((name) => {
      const usage = readProjectUsage(tree, name, projects, graph);
      return [name, detectFrameworks(usage.packages, usage.targets)] as const;
    }),
  );
  const frameworkFacts = describeFrameworks(frameworks, 'framework', readPackageJson(tree, 'package.json'));
  const libraryFacts = describeFrameworks(frameworks, 'library', readPackageJson(tree, 'package.json'));
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
    `Frameworks: ${frameworkFacts ?? 'none found in what the projects import, declare or run'}`,
    ...(libraryFacts ? [`Libraries: ${libraryFacts}`] : []),
    `Tests: ${describeTools(tooling.testRunners, 'no test runner found')}`,
    `Lint: ${describeTools(tooling.linters, 'no linter found')}`,
    `Format: ${describeTools(tooling.formatters, 'no formatter found')}`,
    `TypeScript: ${describeTypeScript(tsconfig ? readTypeScriptFacts(tree, tsconfig) : undefined)}`,
  ];
  return {
    title: rootPackageJson?.name ?? 'This workspace',
    facts: markdownList(facts, ''),
    projects: projectTable(projects, frameworks),
    links: markdownList(documentLinks(tree), ''),
  };
}
