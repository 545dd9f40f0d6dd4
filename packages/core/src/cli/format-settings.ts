import { describeSource, type DescribeSourceContext } from '../config/describe-source';
import { stripUrlSecrets } from '../config/fingerprint';
import { valueAtPath } from '../config/layers';
import { splitDottedKey } from '../config/toml-locate';
import type { EffectiveSettings, Setting, SettingSource } from '../config/types';
import type { CliSettings } from './load-for-cli';

/** The settings printed first, in this order. */
export const MAIN_KEYS = [
  'model',
  'model_provider',
  'base_url',
  'model_reasoning_effort',
  'sandbox_mode',
  'approval_policy',
  'profile',
] as const;

/** Values under these tables, and keys named like these, may be credentials. */
const SECRET_TABLE = /(^|\.)(http_headers|query_params|env)\./;
const SECRET_NAME = /(^|[_-])(token|secret|password|passwd|api[_-]?key|authorization|credentials?)$/i;

/** What may be printed of a value: header, query and token values are hidden; URLs lose credentials. */
export function printableValue(path: string, value: unknown): unknown {
  const name = splitDottedKey(path).pop() ?? path;
  if (SECRET_TABLE.test(path) || SECRET_NAME.test(name)) return '<hidden>';
  if (typeof value === 'string' && /(^|_)url$/.test(name)) {
    const stripped = stripUrlSecrets(value);
    return stripped === value ? value : `${stripped}<credentials or query hidden>`;
  }
  return value;
}

function render(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export function contextOf(loaded: CliSettings, env: Record<string, string | undefined>): DescribeSourceContext {
  return { workspaceRoot: loaded.workspaceRoot, homeDir: env.HOME || env.USERPROFILE };
}

function rows(settings: EffectiveSettings): Array<[string, Setting<unknown> | undefined]> {
  const main: Array<[string, Setting<unknown> | undefined]> = MAIN_KEYS.map((key) => [
    key,
    settings[key] as Setting<unknown> | undefined,
  ]);
  const shown = new Set<string>(MAIN_KEYS);
  const providerBase = `model_providers.${settings.model_provider.value}.base_url`;
  const other = Object.entries(settings.origins)
    .filter(([path]) => !shown.has(path) && path !== providerBase)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, source]): [string, Setting<unknown>] => [
      path,
      { value: valueAtPath(settings.raw, splitDottedKey(path)), source },
    ]);
  return [...main, ...other];
}

/** Human output: `model = "gpt-5.5"  (~/.codex/config.toml:3)`, then files and warnings. */
export function formatSettingsText(loaded: CliSettings, env: Record<string, string | undefined>): string {
  const context = contextOf(loaded, env);
  const lines = [
    `Codex settings for ${loaded.workspaceRoot}${loaded.projectRoot ? ` (project ${loaded.projectRoot})` : ''}`,
  ];
  const table = rows(loaded.settings).map(([path, setting]) => {
    if (!setting) return [path, path === 'profile' ? '(none)' : '(not set: Codex decides)', ''];
    return [path, render(printableValue(path, setting.value)), `(${describeSource(setting.source, context)})`];
  });
  const keyWidth = Math.max(...table.map(([path]) => path.length));
  const valueWidth = Math.min(48, Math.max(...table.map(([, value]) => value.length)));
  for (const [path, value, source] of table)
    lines.push(`  ${path.padEnd(keyWidth)} = ${value.padEnd(valueWidth)}  ${source}`.trimEnd());
  lines.push('', 'Files:');
  for (const file of loaded.files) {
    lines.push(
      `  ${file.kind.padEnd(9)} ${describeSource({ kind: file.kind, file: file.path }, context)}${file.exists ? '' : '  (not found)'}`,
    );
  }
  lines.push(`  codex home: ${loaded.codexHome}`);
  if (loaded.warnings.length) {
    lines.push('', `Warnings (${loaded.warnings.length}):`);
    for (const warning of loaded.warnings) lines.push(`  - ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function jsonSetting(path: string, setting: Setting<unknown>): { value: unknown; source: SettingSource } {
  return { value: printableValue(path, setting.value), source: setting.source };
}

/** Machine output: the same content, secrets hidden the same way. */
export function formatSettingsJson(loaded: CliSettings): string {
  const settings: Record<string, unknown> = {};
  for (const [path, setting] of rows(loaded.settings)) settings[path] = setting ? jsonSetting(path, setting) : null;
  return `${JSON.stringify(
    {
      workspaceRoot: loaded.workspaceRoot,
      ...(loaded.projectRoot ? { projectRoot: loaded.projectRoot } : {}),
      codexHome: loaded.codexHome,
      settings,
      files: loaded.files,
      warnings: loaded.warnings,
    },
    null,
    2,
  )}\n`;
}
