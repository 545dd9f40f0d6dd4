import type { SettingSource } from './types';
import { cloneValue, displayPath, isTable, sourceAt, type ConfigLayer } from './layers';
import { pathId } from './toml-locate';

export interface Origin {
  path: string[];
  source: SettingSource;
}

export interface MergedLayers {
  raw: Record<string, unknown>;
  /** By pathId of each leaf (a non-table value, or an empty table). */
  origins: Map<string, Origin>;
}

function forgetBelow(origins: Map<string, Origin>, path: string[]): void {
  const id = pathId(path);
  for (const key of [...origins.keys()]) {
    if (key === id || key.startsWith(`${id}\u0000`)) origins.delete(key);
  }
}

function recordLeaves(origins: Map<string, Origin>, layer: ConfigLayer, path: string[], value: unknown): void {
  if (isTable(value) && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) recordLeaves(origins, layer, [...path, key], item);
    return;
  }
  origins.set(pathId(path), { path, source: sourceAt(layer, path) });
}

function mergeTable(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  layer: ConfigLayer,
  path: string[],
  origins: Map<string, Origin>,
): void {
  for (const [key, value] of Object.entries(source)) {
    const here = [...path, key];
    const existing = target[key];
    if (isTable(existing) && isTable(value)) {
      const existingEmpty = Object.keys(existing).length === 0;
      // An empty table stands for itself as a leaf until something is put in it.
      if (existingEmpty) forgetBelow(origins, here);
      if (Object.keys(value).length === 0) {
        if (existingEmpty) recordLeaves(origins, layer, here, value);
        continue;
      }
      mergeTable(existing, value, layer, here, origins);
    } else {
      forgetBelow(origins, here);
      target[key] = cloneValue(value);
      recordLeaves(origins, layer, here, value);
    }
  }
}

/**
 * Deep-merges layers (later wins) as Codex merges its config layers: tables merge key by key,
 * any other value (arrays included) replaces. Every leaf keeps the layer, file and line it came from.
 */
export function mergeLayers(layers: readonly ConfigLayer[]): MergedLayers {
  const raw: Record<string, unknown> = {};
  const origins = new Map<string, Origin>();
  for (const layer of layers) mergeTable(raw, layer.table, layer, [], origins);
  return { raw, origins };
}

/** Origins keyed by dotted display path, for EffectiveSettings.origins. */
export function originsByPath(origins: Map<string, Origin>): Record<string, SettingSource> {
  const out: Record<string, SettingSource> = {};
  for (const { path, source } of origins.values()) out[displayPath(path)] = source;
  return out;
}

/** The origin of a path, or of the first leaf below it. */
export function originOf(origins: Map<string, Origin>, path: readonly string[]): Origin | undefined {
  const id = pathId(path);
  const exact = origins.get(id);
  if (exact) return exact;
  for (const [key, origin] of origins) if (key.startsWith(`${id}\u0000`)) return origin;
  return undefined;
}
