import type { SettingSource } from './types';
import type { KeyLocator } from './toml-locate';
import { splitDottedKey } from './toml-locate';
import { placeOf } from './errors';

/** One source of settings, lowest to highest: user, profile, workspace, project, options. */
export interface ConfigLayer {
  kind: SettingSource['kind'];
  /** How messages name this layer: "Codex user config", "executor options". */
  label: string;
  file?: string;
  table: Record<string, unknown>;
  locator?: KeyLocator;
  text?: string;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A TOML table (smol-toml returns null-prototype objects; dates are objects too). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function hasKey(table: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** `model_providers."my.provider".base_url`: how a user writes a path in TOML or `-c`. */
export function displayPath(path: readonly string[]): string {
  return path.map((segment) => (BARE_KEY.test(segment) ? segment : JSON.stringify(segment))).join('.');
}

/** The value at a path of a (merged) table, or undefined. */
export function valueAtPath(table: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = table;
  for (const segment of path) value = isTable(value) ? value[segment] : undefined;
  return value;
}

export function sourceAt(layer: ConfigLayer, path: readonly string[]): SettingSource {
  const line = layer.locator?.find(path)?.line;
  return { kind: layer.kind, ...(layer.file ? { file: layer.file } : {}), ...(line !== undefined ? { line } : {}) };
}

/** `file:line` of a key in a layer, or "executor option `key`". */
export function placeOfKey(layer: ConfigLayer, path: readonly string[]): string {
  if (!layer.file) return `executor option \`${displayPath(path)}\``;
  return placeOf(layer.file, layer.locator?.find(path)?.line);
}

export function placeOfSource(source: SettingSource, path: readonly string[]): string {
  return source.file ? placeOf(source.file, source.line) : `executor option \`${displayPath(path)}\``;
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneValue(item)]));
  return value;
}

/**
 * Executor options as a table: dotted keys become nested tables (`features.plugins: false`), and
 * `undefined`/`null` values (options left out) are dropped.
 */
export function optionsTable(options: Record<string, unknown>): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    const path = splitDottedKey(key);
    let target = table;
    for (const segment of path.slice(0, -1)) {
      if (!isTable(target[segment])) target[segment] = {};
      target = target[segment] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    const existing = target[last];
    target[last] =
      isTable(existing) && isTable(value)
        ? { ...existing, ...(cloneValue(value) as Record<string, unknown>) }
        : cloneValue(value);
  }
  return table;
}

export { cloneValue };
