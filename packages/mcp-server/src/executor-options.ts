import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TargetInfo } from './projects';

interface ExecutorsJson {
  executors?: Record<string, { schema?: string }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The `default` of each property in the executor's schema.json ({} when it cannot be found). */
function schemaDefaults(workspaceRoot: string, executor: string): Record<string, unknown> {
  const [pkg, name] = executor.split(':');
  if (!pkg || !name) return {};
  try {
    const manifestFile = require.resolve(`${pkg}/package.json`, { paths: [workspaceRoot] });
    const manifest = readJson<{ executors?: string }>(manifestFile);
    if (!manifest.executors) return {};
    const executorsFile = join(dirname(manifestFile), manifest.executors);
    const schemaPath = readJson<ExecutorsJson>(executorsFile).executors?.[name]?.schema;
    if (!schemaPath) return {};
    const schema = readJson<{ properties?: Record<string, { default?: unknown }> }>(
      join(dirname(executorsFile), schemaPath),
    );
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).flatMap(([key, prop]) =>
        prop.default === undefined ? [] : [[key, prop.default]],
      ),
    );
  } catch {
    return {};
  }
}

/**
 * The options an executor receives for `nx run project:target` (no configuration given): its
 * schema's defaults, the target's options, its default configuration, then `overrides`, as Nx merges them.
 */
export function executorOptions(
  workspaceRoot: string,
  target: TargetInfo & { defaultConfiguration?: string },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const configuration = target.defaultConfiguration ? (target.configurations?.[target.defaultConfiguration] ?? {}) : {};
  return {
    ...(target.executor ? schemaDefaults(workspaceRoot, target.executor) : {}),
    ...target.options,
    ...configuration,
    ...overrides,
  };
}
