import { joinPathFragments, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { allDependencies, readPackageJson } from './detect-tooling';
import { findWorkspaceTsConfig } from './detect-typescript';
import { listSourceFiles, readJsonIfPresent } from './tree-files';

const CODE_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"\n]+)['"]/g;
/** Enough to see which projects a project uses without reading a huge project whole. */
const MAX_SCANNED_FILES = 2000;

export type DependencyKind = 'import' | 'package.json' | 'implicit';

/** Project name -> how it is depended upon (a sorted list of kinds). */
export type DependencyMap = Map<string, DependencyKind[]>;

interface Resolver {
  /** Import specifier (or its prefix) -> project name. */
  exact: Map<string, string>;
  /** Wildcard alias prefixes like "@org/lib/" -> project name. */
  prefixes: Array<[string, string]>;
}

function projectOwning(path: string, projects: Map<string, ProjectConfiguration>): string | undefined {
  let best: [string, number] | undefined;
  for (const [name, config] of projects) {
    const root = config.root;
    if (root === '.' || root === '') continue;
    if ((path === root || path.startsWith(`${root}/`)) && (!best || root.length > best[1])) best = [name, root.length];
  }
  return best?.[0];
}

function buildResolver(tree: Tree, projects: Map<string, ProjectConfiguration>): Resolver {
  const resolver: Resolver = { exact: new Map(), prefixes: [] };
  for (const [name, config] of projects) {
    const packageName = readPackageJson(tree, joinPathFragments(config.root, 'package.json'))?.name;
    if (packageName && config.root !== '.') {
      resolver.exact.set(packageName, name);
      resolver.prefixes.push([`${packageName}/`, name]);
    }
  }
  const tsconfig = findWorkspaceTsConfig(tree);
  const paths = tsconfig
    ? readJsonIfPresent<{ compilerOptions?: { paths?: Record<string, string[]> } }>(tree, tsconfig)?.compilerOptions
        ?.paths
    : undefined;
  for (const [alias, targets] of Object.entries(paths ?? {})) {
    const target = (targets[0] ?? '').replace(/^\.\//, '');
    const owner = projectOwning(target, projects);
    if (!owner) continue;
    if (alias.endsWith('/*')) resolver.prefixes.push([alias.slice(0, -1), owner]);
    else resolver.exact.set(alias, owner);
  }
  return resolver;
}

function resolve(resolver: Resolver, specifier: string): string | undefined {
  return resolver.exact.get(specifier) ?? resolver.prefixes.find(([prefix]) => specifier.startsWith(prefix))?.[1];
}

function add(map: DependencyMap, project: string, kind: DependencyKind): void {
  const kinds = map.get(project) ?? [];
  if (!kinds.includes(kind)) map.set(project, [...kinds, kind].sort());
}

/**
 * What a project depends on, read from the Tree the way Nx's graph sees it (imports of other
 * projects' package names or tsconfig path aliases, package.json dependencies,
 * implicitDependencies), so it works in a dry run and in unit tests.
 */
export function readProjectDependencies(
  tree: Tree,
  projectName: string,
  projects: Map<string, ProjectConfiguration>,
  resolver = buildResolver(tree, projects),
): DependencyMap {
  const project = projects.get(projectName);
  const deps: DependencyMap = new Map();
  if (!project) return deps;
  for (const implicit of project.implicitDependencies ?? []) {
    if (!implicit.startsWith('!') && projects.has(implicit)) add(deps, implicit, 'implicit');
  }
  const packageJson = readPackageJson(tree, joinPathFragments(project.root, 'package.json'));
  for (const dependency of Object.keys(allDependencies(packageJson))) {
    const owner = resolver.exact.get(dependency);
    if (owner && owner !== projectName) add(deps, owner, 'package.json');
  }
  for (const specifier of readImportSpecifiers(tree, projectName, projects)) {
    const owner = resolve(resolver, specifier);
    if (owner && owner !== projectName) add(deps, owner, 'import');
  }
  return deps;
}

/**
 * Every module specifier imported or required by the project's own code files (files of projects
 * nested in its folder excluded), read from the Tree so it works in a dry run and in unit tests.
 */
export function readImportSpecifiers(
  tree: Tree,
  projectName: string,
  projects: Map<string, ProjectConfiguration>,
): Set<string> {
  const project = projects.get(projectName);
  const specifiers = new Set<string>();
  if (!project) return specifiers;
  const files = listSourceFiles(tree, [project.root], MAX_SCANNED_FILES).files.filter((f) => CODE_FILE.test(f));
  for (const file of files) {
    // projectOwning never names a root project: its files are those no other project owns.
    const owner = projectOwning(file, projects);
    if (project.root === '.' || project.root === '' ? owner !== undefined : owner !== projectName) continue;
    for (const match of (tree.read(file, 'utf-8') ?? '').matchAll(IMPORT_SPECIFIER)) specifiers.add(match[1]);
  }
  return specifiers;
}

/** The projects that depend on `projectName`, with how. */
export function readProjectDependents(
  tree: Tree,
  projectName: string,
  projects: Map<string, ProjectConfiguration>,
): DependencyMap {
  const resolver = buildResolver(tree, projects);
  const dependents: DependencyMap = new Map();
  for (const other of projects.keys()) {
    if (other === projectName) continue;
    const kinds = readProjectDependencies(tree, other, projects, resolver).get(projectName);
    for (const kind of kinds ?? []) add(dependents, other, kind);
  }
  return dependents;
}

export function describeDependencies(deps: DependencyMap): string {
  if (deps.size === 0) return 'none found';
  return [...deps.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, kinds]) => `${name} (${kinds.join(', ')})`)
    .join(', ');
}
