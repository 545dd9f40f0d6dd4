import { KNOWN_TOP_LEVEL_KEYS } from './known-keys';
import { optionsTable, placeOfKey, type ConfigLayer } from './layers';
import { untrustedKeyRefusal } from './repository-keys';
import type { RefusedSetting, SettingsWarning } from './types';

/** The trust option as a user types it: command line only (README, "Security" > "Trust"). */
export const TRUST_OPTION = '--trustCodexConfig';

function whatToDo(layer: ConfigLayer): string {
  const where = layer.file ? "this repository's Codex settings" : 'Codex settings from project.json / nx.json';
  // An [mcp_servers.x] written by `nx configure-ai-agents` or nx-codex setup is for interactive Codex, which still reads it.
  const stillRead = layer.file ? ' (Codex itself still reads it when you trust the project)' : '';
  return `nx-codex runs go on without it${stillRead}. If it is your own setting, put it in $CODEX_HOME/config.toml; if you trust ${where}, pass ${TRUST_OPTION} on the command line.`;
}

/**
 * Takes out of a repository layer (a .codex/config.toml, or the executor options) every known key
 * that is not on the allow-list, with a warning at its file:line, so Codex never sees it.
 * Unknown keys are left for validateLayer's warning and removed by dropUnknownKeys afterwards.
 */
export function refuseUntrustedKeys(layer: ConfigLayer, refused: RefusedSetting[], warnings: SettingsWarning[]): void {
  for (const [key, value] of Object.entries(layer.table)) {
    if (!KNOWN_TOP_LEVEL_KEYS.has(key)) continue;
    const reason = untrustedKeyRefusal(key, value);
    if (!reason) continue;
    const line = layer.locator?.find([key])?.line;
    const place = { ...(layer.file ? { file: layer.file } : {}), ...(line !== undefined ? { line } : {}) };
    refused.push({ key, reason, ...place });
    warnings.push({
      message: `${placeOfKey(layer, [key])}: \`${key}\` was not passed to Codex: ${reason}. ${whatToDo(layer)}`,
      ...place,
    });
    delete layer.table[key];
  }
}

/** Keys Codex does not know (already warned about) are not passed on either: the allow-list decides. */
export function dropUnknownKeys(layer: ConfigLayer): void {
  for (const key of Object.keys(layer.table))
    if (untrustedKeyRefusal(key, layer.table[key]) !== undefined) delete layer.table[key];
}

/**
 * The keys of an MCP caller's `config` object (dotted keys allowed) that are off the allow-list, each
 * with its reason, in the order given. The caller decides what to do: the MCP server refuses the call.
 */
export function refusedCallerKeys(config: Record<string, unknown>): RefusedSetting[] {
  const table = optionsTable(config);
  return Object.entries(table).flatMap(([key, value]) => {
    const reason = untrustedKeyRefusal(key, value);
    return reason ? [{ key, reason }] : [];
  });
}
