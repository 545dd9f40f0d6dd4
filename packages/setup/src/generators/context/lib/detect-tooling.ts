import type { TargetConfiguration, Tree } from '@nx/devkit';
import { basename, readJsonIfPresent } from './tree-files';

export interface PackageJson {
  name?: string;
  packageManager?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  jest?: unknown;
  eslintConfig?: unknown;
  prettier?: unknown;
}

/** A tool found in the workspace, and what showed it (config files, dependencies). */
export interface DetectedTool {
  name: string;
  evidence: string[];
}

interface ToolRule {
  name: string;
  configFile: RegExp;
  packages: string[];
  packageJsonField?: keyof PackageJson;
  /** Executors of a target that run it: a package ("@nx/jest") or one executor ("@nx/vite:test"). */
  executors?: string[];
  /** A run-commands target whose command matches runs it. */
  command?: RegExp;
}

const TEST_RUNNERS: ToolRule[] = [
  {
    name: 'Jest',
    configFile: /^jest\.(config|preset)\.[cm]?[jt]s$|^jest\.config\.json$/,
    packages: ['jest', '@nx/jest'],
    packageJsonField: 'jest',
    executors: ['@nx/jest'],
    command: /\bjest\b/,
  },
  {
    name: 'Vitest',
    configFile: /^vitest\.(config|workspace)\.[cm]?[jt]s$/,
    packages: ['vitest'],
    executors: ['@nx/vite:test', '@nx/vitest'],
    command: /\bvitest\b/,
  },
  {
    name: 'Mocha',
    configFile: /^\.mocharc(\.(js|cjs|json|jsonc|yml|yaml))?$/,
    packages: ['mocha'],
    command: /\bmocha\b/,
  },
  {
    name: 'Playwright (e2e)',
    configFile: /^playwright\.config\.[cm]?[jt]s$/,
    packages: ['@playwright/test'],
    executors: ['@nx/playwright'],
    command: /\bplaywright\b/,
  },
  {
    name: 'Cypress (e2e)',
    configFile: /^cypress\.config\.[cm]?[jt]s$/,
    packages: ['cypress'],
    executors: ['@nx/cypress'],
    command: /\bcypress\b/,
  },
];

const LINTERS: ToolRule[] = [
  {
    name: 'ESLint',
    configFile: /^eslint\.config\.[cm]?[jt]s$|^\.eslintrc(\.(js|cjs|json|yml|yaml))?$/,
    packages: ['eslint'],
    packageJsonField: 'eslintConfig',
    executors: ['@nx/eslint', '@nx/linter'],
    command: /\beslint\b/,
  },
  { name: 'Biome', configFile: /^biome\.jsonc?$/, packages: ['@biomejs/biome'], command: /\bbiome\b/ },
  { name: 'Oxlint', configFile: /^\.?oxlintrc\.json$/, packages: ['oxlint'], command: /\boxlint\b/ },
];

const FORMATTERS: ToolRule[] = [
  {
    name: 'Prettier',
    configFile: /^\.prettierrc(\.(js|cjs|mjs|json|json5|yml|yaml|toml))?$|^prettier\.config\.[cm]?[jt]s$/,
    packages: ['prettier'],
    packageJsonField: 'prettier',
  },
  { name: 'Biome', configFile: /^biome\.jsonc?$/, packages: ['@biomejs/biome'] },
];

export function allDependencies(pkg: PackageJson | undefined): Record<string, string> {
  return {
    ...pkg?.optionalDependencies,
    ...pkg?.peerDependencies,
    ...pkg?.dependencies,
    ...pkg?.devDependencies,
  };
}

/** Vite configs configure Vitest only when they carry a `test` block. */
function viteConfigWithTests(tree: Tree, file: string): boolean {
  return /^vite\.config\.[cm]?[jt]s$/.test(basename(file)) && /\btest\s*:/.test(tree.read(file, 'utf-8') ?? '');
}

/** Up to 3 config files by path; more are grouped by file name ("jest.config.ts in 12 folders"). */
function summarizeConfigFiles(files: string[]): string[] {
  if (files.length <= 3) return files;
  const byName = new Map<string, number>();
  for (const file of files) byName.set(basename(file), (byName.get(basename(file)) ?? 0) + 1);
  return [...byName.entries()].map(([name, n]) =>
    n === 1 ? (files.find((f) => basename(f) === name) as string) : `${name} in ${n} folders`,
  );
}

function runsTool(rule: ToolRule, target: TargetConfiguration): boolean {
  const executor = target.executor ?? '';
  if (rule.executors?.some((e) => (e.includes(':') ? executor === e : executor.split(':')[0] === e))) return true;
  const options = target.options as { command?: unknown; commands?: unknown } | undefined;
  const commands = [target.command, options?.command, ...(Array.isArray(options?.commands) ? options.commands : [])];
  const text = commands.map((c) => (typeof c === 'string' ? c : (c as { command?: unknown } | undefined)?.command));
  return !!rule.command && text.some((c) => typeof c === 'string' && (rule.command as RegExp).test(c));
}

function detect(
  tree: Tree,
  rules: ToolRule[],
  configFiles: string[],
  packageJsons: Array<[string, PackageJson]>,
  targets: Record<string, TargetConfiguration>,
): DetectedTool[] {
  const tools: DetectedTool[] = [];
  for (const rule of rules) {
    const evidence = summarizeConfigFiles(
      configFiles.filter(
        (file) => rule.configFile.test(basename(file)) || (rule.name === 'Vitest' && viteConfigWithTests(tree, file)),
      ),
    );
    for (const [path, pkg] of packageJsons) {
      const deps = allDependencies(pkg);
      for (const name of rule.packages) if (deps[name]) evidence.push(`${name}@${deps[name]} in ${path}`);
      if (rule.packageJsonField && pkg[rule.packageJsonField] !== undefined)
        evidence.push(`"${rule.packageJsonField}" in ${path}`);
    }
    for (const [name, target] of Object.entries(targets)) if (runsTool(rule, target)) evidence.push(`target ${name}`);
    if (evidence.length > 0) tools.push({ name: rule.name, evidence: [...new Set(evidence)] });
  }
  return tools;
}

export interface Tooling {
  testRunners: DetectedTool[];
  linters: DetectedTool[];
  formatters: DetectedTool[];
}

/**
 * @param configFiles candidate config files: the files at the workspace root and at each
 *   project root (tools are configured there, not deep in sources)
 * @param packageJsons the package.json files to read dependencies from, with their paths
 * @param targets targets whose executor or command runs a tool (one project's, for its own facts)
 */
export function detectTooling(
  tree: Tree,
  configFiles: string[],
  packageJsons: Array<[string, PackageJson]>,
  targets: Record<string, TargetConfiguration> = {},
): Tooling {
  return {
    testRunners: detect(tree, TEST_RUNNERS, configFiles, packageJsons, targets),
    linters: detect(tree, LINTERS, configFiles, packageJsons, targets),
    formatters: detect(tree, FORMATTERS, configFiles, packageJsons, targets),
  };
}

const LOCKFILES: Array<[string, string]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
];

export function detectPackageManager(tree: Tree, rootPackageJson: PackageJson | undefined): DetectedTool | undefined {
  const found = LOCKFILES.filter(([file]) => tree.exists(file));
  const declared = rootPackageJson?.packageManager;
  const name = declared ? declared.split('@')[0] : found[0]?.[1];
  if (!name) return undefined;
  const evidence = found.map(([file]) => file);
  if (declared) evidence.push(`"packageManager": "${declared}" in package.json`);
  return { name, evidence };
}

export function readPackageJson(tree: Tree, path: string): PackageJson | undefined {
  return readJsonIfPresent<PackageJson>(tree, path);
}

export function describeTools(tools: DetectedTool[], none: string): string {
  if (tools.length === 0) return none;
  return tools.map((t) => `${t.name} (${t.evidence.join(', ')})`).join('; ');
}
