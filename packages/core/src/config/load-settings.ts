import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildEffectiveSettings } from './effective';
import { PROJECT_LOCAL_UNSUPPORTED_KEYS } from './known-keys';
import { optionsTable, placeOfKey, type ConfigLayer } from './layers';
import { mergeLayers } from './merge-layers';
import { checkLegacyProfiles, checkProfileName, missingProfileError, profileFile } from './profile';
import { readTomlFile } from './read-toml-file';
import { dropUnknownKeys, refuseUntrustedKeys } from './refuse-untrusted';
import { refuseRepositoryDotenv } from './repository-dotenv';
import type {
  ConfigFileInfo,
  LoadedSettings,
  LoadSettingsOptions,
  RefusedSetting,
  Setting,
  SettingsWarning,
} from './types';
import { validateLayer } from './validate-layer';

export interface CodexHome {
  path: string;
  /** Set by CODEX_HOME (Codex refuses to start when that directory is missing). */
  fromEnv: boolean;
}

export function resolveCodexHome(codexHome: string | undefined, env: Record<string, string | undefined>): CodexHome {
  if (codexHome) return { path: path.resolve(codexHome), fromEnv: false };
  if (env.CODEX_HOME) return { path: path.resolve(env.CODEX_HOME), fromEnv: true };
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return { path: path.join(home, '.codex'), fromEnv: false };
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function fileLayer(
  kind: ConfigLayer['kind'],
  label: string,
  file: string,
  files: ConfigFileInfo[],
): ConfigLayer | undefined {
  const parsed = readTomlFile(file, label);
  files.push({
    kind: kind === 'profile' ? 'profile' : kind === 'user' ? 'user' : 'workspace',
    path: file,
    exists: parsed !== undefined,
  });
  if (!parsed) return undefined;
  return { kind, label, file, table: { ...parsed.table }, locator: parsed.locator, text: parsed.text };
}

/** Keys Codex ignores in a project's .codex/config.toml: dropped with the warning Codex gives. */
function dropProjectLocalKeys(layer: ConfigLayer, codexHome: string, warnings: SettingsWarning[]): void {
  for (const key of Object.keys(layer.table)) {
    if (!PROJECT_LOCAL_UNSUPPORTED_KEYS.has(key)) continue;
    const fix =
      key === 'profile'
        ? `choose the profile per run with the executor option \`profile\` (codex \`-p NAME\`), its settings in ${profileFile(codexHome, 'NAME')}`
        : `set it in ${path.join(codexHome, 'config.toml')} (or as an executor option)`;
    const line = layer.locator?.find([key])?.line;
    warnings.push({
      message: `${placeOfKey(layer, [key])}: \`${key}\` is ignored in a project's .codex/config.toml (Codex 0.169: "Ignored unsupported project-local config keys"), and nx-codex ignores it too. To use it, ${fix}.`,
      ...(layer.file ? { file: layer.file } : {}),
      ...(line !== undefined ? { line } : {}),
    });
    delete layer.table[key];
  }
}

/** Runs the checks of one layer and appends their warnings in line order. */
function checkLayer(warnings: SettingsWarning[], check: (found: SettingsWarning[]) => void): void {
  const found: SettingsWarning[] = [];
  check(found);
  warnings.push(...found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
}

function withoutProfileKeys(layer: ConfigLayer): ConfigLayer {
  const { profile: _profile, profiles: _profiles, ...table } = layer.table;
  return { ...layer, table };
}

/**
 * A repository layer (workspace/project .codex/config.toml, executor options): without trust, only
 * allow-listed keys stay, so the effective settings are exactly what Codex will be given.
 */
function checkRepositoryLayer(
  layer: ConfigLayer,
  trusted: boolean,
  refused: RefusedSetting[],
  found: SettingsWarning[],
): void {
  if (!trusted) refuseUntrustedKeys(layer, refused, found);
  validateLayer(layer, found);
  if (!trusted) dropUnknownKeys(layer);
}

/**
 * The effective Codex settings for a run: built-in defaults < $CODEX_HOME/config.toml < the
 * profile's $CODEX_HOME/NAME.config.toml < the workspace's .codex/config.toml < a project's
 * .codex/config.toml < executor options, the last three through the allow-list of repository-keys.ts
 * unless trusted. Reads only those files and `env`; throws CodexConfigError.
 */
export function loadSettings(options: LoadSettingsOptions): LoadedSettings {
  const env = options.env ?? process.env;
  const workspaceRoot = path.resolve(options.workspaceRoot);
  const projectDirs = [workspaceRoot];
  if (options.projectRoot && path.resolve(workspaceRoot, options.projectRoot) !== workspaceRoot)
    projectDirs.push(path.resolve(workspaceRoot, options.projectRoot));
  refuseRepositoryDotenv(workspaceRoot, projectDirs, env, options.codexHome ? ['CODEX_HOME'] : []);
  const home = resolveCodexHome(options.codexHome, env);
  const warnings: SettingsWarning[] = [];
  const refused: RefusedSetting[] = [];
  const trusted = options.trustRepositoryConfig === true;
  const files: ConfigFileInfo[] = [];
  const optionValues = optionsTable(options.options ?? {});
  const optionProfile = typeof optionValues['profile'] === 'string' ? (optionValues['profile'] as string) : undefined;
  delete optionValues['profile'];
  const profileName = options.profile ?? optionProfile;
  if (profileName !== undefined) checkProfileName(profileName, 'the profile option');

  if (home.fromEnv && !isDirectory(home.path)) {
    warnings.push({
      message: `CODEX_HOME points to ${home.path}, which does not exist: Codex refuses to start ("Error finding codex home"). Create it (\`mkdir -p ${home.path}\`) or unset CODEX_HOME.`,
    });
  }

  const layers: ConfigLayer[] = [];
  const user = fileLayer('user', 'Codex user config', path.join(home.path, 'config.toml'), files);
  if (user) {
    checkLayer(warnings, (found) => {
      checkLegacyProfiles(user, home.path, profileName, found);
      validateLayer(user, found);
    });
    layers.push(withoutProfileKeys(user));
  }
  let profile: Setting<string> | undefined;
  if (profileName !== undefined) {
    const file = profileFile(home.path, profileName);
    const layer = fileLayer('profile', `Codex profile \`${profileName}\``, file, files);
    if (!layer) throw missingProfileError(home.path, profileName, 'the profile option');
    checkLayer(warnings, (found) => {
      checkLegacyProfiles(layer, home.path, profileName, found);
      validateLayer(layer, found);
    });
    layers.push(withoutProfileKeys(layer));
    profile = { value: profileName, source: { kind: 'option' } };
  }
  for (const dir of projectDirs) {
    const layer = fileLayer('workspace', 'workspace Codex config', path.join(dir, '.codex', 'config.toml'), files);
    if (!layer) continue;
    checkLayer(warnings, (found) => {
      dropProjectLocalKeys(layer, home.path, found);
      checkRepositoryLayer(layer, trusted, refused, found);
    });
    layers.push(layer);
  }
  const optionLayer: ConfigLayer = { kind: 'option', label: 'executor options', table: optionValues };
  checkLayer(warnings, (found) => checkRepositoryLayer(optionLayer, trusted, refused, found));
  layers.push(optionLayer);

  const settings = buildEffectiveSettings(mergeLayers(layers), profile);
  return { settings, warnings, files, refused, codexHome: home.path };
}
