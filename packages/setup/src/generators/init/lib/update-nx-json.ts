import { readNxJson, updateNxJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { CODEX_PLUGINS, codexTargetDefaults } from './codex-nx-config';

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
  nxJson.plugins = [...(nxJson.plugins ?? []), ...missing.map((p) => ({ plugin: p.plugin, options: { ...p.options } }))];
  return true;
}

/** Fills in only the keys a team has not set, the way Nx's own init generators do. */
export function addCodexTargetDefaults(nxJson: NxJsonConfiguration): boolean {
  let changed = false;
  nxJson.targetDefaults ??= {};
  for (const [executor, defaults] of Object.entries(codexTargetDefaults(nxJson))) {
    const existing = (nxJson.targetDefaults[executor] ??= {});
    for (const [key, value] of Object.entries(defaults)) {
      const record = existing as Record<string, unknown>;
      if (record[key] === undefined) {
        record[key] = value;
        changed = true;
      }
    }
  }
  return changed;
}

export function updateNxJsonForCodex(tree: Tree, addPlugin: boolean): void {
  const nxJson = readNxJson(tree) ?? {};
  const pluginsChanged = addPlugin ? registerCodexPlugins(nxJson) : false;
  const defaultsChanged = addCodexTargetDefaults(nxJson);
  if (pluginsChanged || defaultsChanged) updateNxJson(tree, nxJson);
}
