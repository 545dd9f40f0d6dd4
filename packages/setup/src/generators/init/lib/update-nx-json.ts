import { readNxJson, updateNxJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { CODEX_PLUGINS } from './codex-nx-config';

type PluginEntry = NonNullable<NxJsonConfiguration['plugins']>[number];

function pluginName(entry: PluginEntry): string {
  return typeof entry === 'string' ? entry : entry.plugin;
}

export function isPluginRegistered(nxJson: NxJsonConfiguration, plugin: string): boolean {
  return (nxJson.plugins ?? []).some((entry) => pluginName(entry) === plugin);
}

/** Appends our inference plugins, leaving any existing registration (string or object) alone. */
export function registerCodexPlugins(nxJson: NxJsonConfiguration): boolean {
  const missing = CODEX_PLUGINS.filter(({ plugin }) => !isPluginRegistered(nxJson, plugin));
  if (missing.length === 0) return false;
  nxJson.plugins = [
    ...(nxJson.plugins ?? []),
    ...missing.map((p) => ({ plugin: p.plugin, options: { ...p.options } })),
  ];
  return true;
}

/**
 * Registers the inference plugins. No targetDefaults: keyed by executor they would replace the
 * inputs of every inferred target (and so drop the base commit of a `changes` target); written
 * targets (the configuration generator) carry core's whole definition instead.
 */
export function updateNxJsonForCodex(tree: Tree, addPlugin: boolean): void {
  const nxJson = readNxJson(tree) ?? {};
  if (addPlugin && registerCodexPlugins(nxJson)) updateNxJson(tree, nxJson);
}
