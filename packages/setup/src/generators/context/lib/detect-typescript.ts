import { joinPathFragments, type Tree } from '@nx/devkit';
import { readJsonIfPresent } from './tree-files';

/** The compiler options that say how strict the code is, in the order we print them. */
const STRICTNESS_FLAGS = [
  'strict',
  'noImplicitAny',
  'strictNullChecks',
  'noUncheckedIndexedAccess',
  'exactOptionalPropertyTypes',
  'noImplicitReturns',
  'noImplicitOverride',
  'noFallthroughCasesInSwitch',
  'noPropertyAccessFromIndexSignature',
  'noUnusedLocals',
  'noUnusedParameters',
] as const;

const TARGET_FLAGS = ['target', 'module', 'moduleResolution'] as const;

interface TsConfig {
  extends?: string | string[];
  compilerOptions?: Record<string, unknown>;
}

export interface TypeScriptFacts {
  /** The tsconfig the facts were read from, then the files it extends, in the order read. */
  files: string[];
  /** Packages extended (e.g. @tsconfig/strictest) that live in node_modules and were not read. */
  unreadExtends: string[];
  compilerOptions: Record<string, unknown>;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function resolveExtends(from: string, target: string): string | undefined {
  if (!target.startsWith('.')) return undefined;
  const joined = joinPathFragments(dirname(from), target);
  return joined.endsWith('.json') ? joined : `${joined}.json`;
}

/** Reads a tsconfig and what it extends (relative files only), later files losing to earlier. */
export function readTypeScriptFacts(tree: Tree, tsconfigPath: string): TypeScriptFacts | undefined {
  const facts: TypeScriptFacts = { files: [], unreadExtends: [], compilerOptions: {} };
  const visit = (path: string, depth: number): void => {
    if (depth > 8 || facts.files.includes(path)) return;
    const config = readJsonIfPresent<TsConfig>(tree, path);
    if (!config) return;
    facts.files.push(path);
    facts.compilerOptions = { ...config.compilerOptions, ...facts.compilerOptions };
    const parents = Array.isArray(config.extends)
      ? [...config.extends].reverse()
      : config.extends
        ? [config.extends]
        : [];
    for (const parent of parents) {
      const resolved = resolveExtends(path, parent);
      if (resolved) visit(resolved, depth + 1);
      else facts.unreadExtends.push(parent);
    }
  };
  visit(tsconfigPath, 0);
  return facts.files.length > 0 ? facts : undefined;
}

export function findWorkspaceTsConfig(tree: Tree): string | undefined {
  return ['tsconfig.base.json', 'tsconfig.json'].find((file) => tree.exists(file));
}

export function describeTypeScript(facts: TypeScriptFacts | undefined): string {
  if (!facts) return 'no tsconfig found';
  const options = facts.compilerOptions;
  const flags = STRICTNESS_FLAGS.filter((flag) => options[flag] !== undefined).map(
    (flag) => `${flag}: ${String(options[flag])}`,
  );
  if (options['strict'] === undefined) flags.unshift('strict: not set (off)');
  const targets = TARGET_FLAGS.filter((flag) => options[flag] !== undefined).map(
    (flag) => `${flag} ${String(options[flag])}`,
  );
  const unread = facts.unreadExtends.length > 0 ? `; also extends ${facts.unreadExtends.join(', ')} (not read)` : '';
  return `${[...flags, ...targets].join(', ')} (from ${facts.files.join(' -> ')}${unread})`;
}
