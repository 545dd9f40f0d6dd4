import { toTomlValue } from './toml-value';
import { isTable, optionsTable, valueAtPath } from './layers';
import { splitDottedKey } from './toml-locate';
import type { EffectiveSettings, SettingSource } from './types';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function overridesOf(table: Record<string, unknown>): string[] {
  return Object.entries(table).map(
    ([key, value]) => `${BARE_KEY.test(key) ? key : JSON.stringify(key)}=${toTomlValue(value, key)}`,
  );
}

/**
 * Executor options as `codex -c key=value` arguments (without the `-c`), one per top-level key,
 * tables as inline tables (Codex deep-merges those into its config, measured). `profile` is left
 * out: it is `-p NAME`, not a setting.
 */
export function optionsToCodexOverrides(options: Record<string, unknown>): string[] {
  const table = optionsTable(options);
  delete table['profile'];
  return overridesOf(table);
}

function setPath(table: Record<string, unknown>, path: string[], value: unknown): void {
  let target = table;
  for (const segment of path.slice(0, -1)) {
    if (!isTable(target[segment])) target[segment] = {};
    target = target[segment] as Record<string, unknown>;
  }
  target[path[path.length - 1]] = value;
}

/**
 * The part of the effective settings that Codex would not read by itself, as a `-c` table
 * (CodexCallOptions.config): executor options, and the workspace's .codex/config.toml, which Codex
 * reads only for projects the user marked trusted. loadSettings has already kept only the keys of
 * the allow-list (repository-keys.ts) unless the user passed the trust option, so this is exactly
 * what the effective settings (and the cache key built from them) describe.
 */
export function codexConfigOverrides(
  settings: EffectiveSettings,
  kinds: ReadonlyArray<SettingSource['kind']> = ['option', 'workspace'],
): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const [dotted, source] of Object.entries(settings.origins)) {
    if (!kinds.includes(source.kind)) continue;
    const path = splitDottedKey(dotted);
    setPath(table, path, valueAtPath(settings.raw, path));
  }
  return table;
}

/** `codex` arguments that reproduce the effective settings: `-p NAME` and `-c key=value` pairs. */
export function settingsToCodexArgs(settings: EffectiveSettings): string[] {
  const args = settings.profile ? ['-p', settings.profile.value] : [];
  for (const override of overridesOf(codexConfigOverrides(settings))) args.push('-c', override);
  return args;
}
