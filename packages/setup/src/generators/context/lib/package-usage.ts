import {
  joinPathFragments,
  type ProjectConfiguration,
  type ProjectGraph,
  type TargetConfiguration,
  type Tree,
} from '@nx/devkit';
import { allDependencies, readPackageJson } from './detect-tooling';
import { readImportSpecifiers } from './project-dependencies';

/** How a project was seen to use an npm package. */
export type UsageEvidence = 'project graph' | 'import' | 'package.json';

/** npm package name -> how the project uses it (sorted, no repeats). */
export type PackageUsage = Map<string, UsageEvidence[]>;

/** What one project uses and runs: the real signal for its frameworks, libraries and tools. */
export interface ProjectUsage {
  packages: PackageUsage;
  /** The project's targets: from the project graph when there is one (inferred ones included), else its configuration. */
  targets: Record<string, TargetConfiguration>;
}

/** "@scope/name/sub/path" -> "@scope/name"; "name/sub" -> "name"; relative, absolute and node: specifiers -> undefined. */
export function packageNameOf(specifier: string): string | undefined {
  if (/^(\.|\/|[a-z]+:)/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) ? name : undefined;
}

function add(usage: PackageUsage, name: string, evidence: UsageEvidence): void {
  const kinds = usage.get(name) ?? [];
  if (!kinds.includes(evidence)) usage.set(name, [...kinds, evidence].sort());
}

/**
 * The npm packages a project uses: its npm dependencies in Nx's project graph (what Nx saw it
 * import), its own package.json, and the bare imports in its code as the Tree holds it now (a
 * workspace package counts too: it is resolved by name, which is what the rules match on). The
 * root package.json alone proves nothing about one project: every project would get every tool.
 */
export function readProjectUsage(
  tree: Tree,
  name: string,
  projects: Map<string, ProjectConfiguration>,
  graph: ProjectGraph | undefined,
): ProjectUsage {
  const project = projects.get(name) as ProjectConfiguration;
  const packages: PackageUsage = new Map();
  for (const dependency of graph?.dependencies[name] ?? []) {
    const external = graph?.externalNodes?.[dependency.target];
    if (external) add(packages, external.data.packageName, 'project graph');
  }
  if (project.root !== '.' && project.root !== '') {
    const packageJson = readPackageJson(tree, joinPathFragments(project.root, 'package.json'));
    for (const dependency of Object.keys(allDependencies(packageJson))) add(packages, dependency, 'package.json');
  }
  for (const specifier of readImportSpecifiers(tree, name, projects)) {
    const packageName = packageNameOf(specifier);
    if (packageName) add(packages, packageName, 'import');
  }
  const targets = graph?.nodes[name]?.data.targets ?? project.targets ?? {};
  return { packages, targets };
}
