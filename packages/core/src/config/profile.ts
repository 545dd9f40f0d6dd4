/*
 * Profiles as Codex 0.169.0 does them, measured with the real binary (codex exec against a local
 * Responses server that logs the model it is asked for, and `--strict-config`) on 2026-11-23:
 *
 * - `-p NAME` layers $CODEX_HOME/NAME.config.toml over config.toml. `-c` overrides beat the profile,
 *   and so does a trusted project's .codex/config.toml.
 * - NAME must be a plain name: `-p ../x` and `-p a.b` fail with "invalid --profile value `../x`;
 *   pass a plain name such as `work`" (exit 2).
 * - A missing NAME.config.toml is ignored by Codex without a word: the run silently uses config.toml
 *   alone. nx-codex makes it an error instead, because a typo would otherwise run (and cache) with
 *   settings nobody chose.
 * - A top-level `profile = "x"` (in config.toml or in a profile file) stops Codex, with or without -p:
 *   "legacy `profile = "x"` config is no longer supported; use `--profile x` with `x.config.toml`
 *   instead" (exit 1). In a project's .codex/config.toml Codex ignores it with a warning instead.
 * - `[profiles.x]` tables are accepted and ignored (even by --strict-config) unless `-p x` is given:
 *   then "--profile `x` cannot be used while …/config.toml contains legacy `profile = "x"` or
 *   `[profiles.x]` config; move those settings into …/x.config.toml and remove the legacy profile
 *   selector/table." (exit 1).
 * - The profile file is checked like config.toml (unknown keys are reported with its own path).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CodexConfigError, placeOf } from './errors';
import { hasKey, isTable, placeOfKey, type ConfigLayer } from './layers';
import type { SettingsWarning } from './types';

const PLAIN_NAME = /^[A-Za-z0-9_-]+$/;
const PROFILE_FILE_SUFFIX = '.config.toml';

export function profileFile(codexHome: string, name: string): string {
  return path.join(codexHome, `${name}${PROFILE_FILE_SUFFIX}`);
}

/** Profile names that have a file in CODEX_HOME. */
export function listProfiles(codexHome: string): string[] {
  try {
    return readdirSync(codexHome)
      .filter(
        (entry) => entry.endsWith(PROFILE_FILE_SUFFIX) && PLAIN_NAME.test(entry.slice(0, -PROFILE_FILE_SUFFIX.length)),
      )
      .map((entry) => entry.slice(0, -PROFILE_FILE_SUFFIX.length))
      .sort();
  } catch {
    return [];
  }
}

export function checkProfileName(name: string, from: string): void {
  if (!PLAIN_NAME.test(name)) {
    throw new CodexConfigError(
      `Invalid profile name ${JSON.stringify(name)} (from ${from}): Codex takes only a plain name such as \`work\` (letters, digits, - and _), naming $CODEX_HOME/<name>.config.toml.`,
    );
  }
}

export function missingProfileError(codexHome: string, name: string, from: string): CodexConfigError {
  const file = profileFile(codexHome, name);
  const existing = listProfiles(codexHome);
  const available = existing.length
    ? `Profiles that exist: ${existing.join(', ')}.`
    : `There are no profiles in ${codexHome}.`;
  return new CodexConfigError(
    `Profile \`${name}\` (from ${from}) has no file: ${file} does not exist. ${available} Create ${file} with that profile's settings, or pick an existing profile. (Codex itself would silently run without the profile.)`,
    { file },
  );
}

/** A top-level `profile = "x"`: an error in Codex 0.169 wherever Codex reads it. */
export function legacyProfileSelectorError(layer: ConfigLayer, codexHome: string): CodexConfigError {
  const value = layer.table['profile'];
  const name = typeof value === 'string' && PLAIN_NAME.test(value) ? value : 'NAME';
  const line = layer.locator?.find(['profile'])?.line;
  return new CodexConfigError(
    `${placeOf(layer.file, line)}: \`profile = ${JSON.stringify(value)}\` is no longer supported: Codex 0.169 stops with "legacy \`profile = ...\` config is no longer supported". ` +
      `Choose the profile per run instead: \`codex -p ${name}\`, or the nx-codex executor option \`"profile": "${name}"\` (\`nx-codex config --profile ${name}\`), ` +
      `with that profile's settings in ${profileFile(codexHome, name)}. Then remove this line.`,
    { file: layer.file, line },
  );
}

/**
 * What Codex 0.169 says about `profile` and `[profiles]` in one file layer: errors for a top-level
 * selector and for `[profiles.NAME]` when NAME is the selected profile; a warning for other
 * `[profiles.*]` tables, which Codex ignores.
 */
export function checkLegacyProfiles(
  layer: ConfigLayer,
  codexHome: string,
  selected: string | undefined,
  warnings: SettingsWarning[],
): void {
  if (hasKey(layer.table, 'profile')) throw legacyProfileSelectorError(layer, codexHome);
  const profiles = layer.table['profiles'];
  if (profiles === undefined) return;
  const names = isTable(profiles) ? Object.keys(profiles) : [];
  if (selected && names.includes(selected)) {
    const line = layer.locator?.find(['profiles', selected])?.line;
    throw new CodexConfigError(
      `${placeOf(layer.file, line)}: profile \`${selected}\` cannot be used while this file has a legacy \`[profiles.${selected}]\` table (Codex 0.169 refuses it). ` +
        `Move those settings into ${profileFile(codexHome, selected)} and remove the \`[profiles.${selected}]\` table.`,
      { file: layer.file, line },
    );
  }
  const line = layer.locator?.find(['profiles'])?.line;
  warnings.push({
    message:
      `${placeOfKey(layer, ['profiles'])}: \`[profiles${names.length === 1 ? `.${names[0]}` : ''}]\` is ignored by Codex 0.169 (profiles are now files). ` +
      `Move each \`[profiles.NAME]\` table into ${profileFile(codexHome, 'NAME')} and select it with \`-p NAME\` (executor option \`profile\`).`,
    ...(layer.file ? { file: layer.file } : {}),
    ...(line !== undefined ? { line } : {}),
  });
}
