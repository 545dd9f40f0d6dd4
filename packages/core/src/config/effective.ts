import { CodexConfigError } from './errors';
import { BUILT_IN_PROVIDERS, DEFAULT_PROVIDER } from './known-keys';
import { isTable, placeOfSource, valueAtPath } from './layers';
import { originOf, originsByPath, type MergedLayers } from './merge-layers';
import type { EffectiveSettings, Setting, SettingSource } from './types';

const DEFAULT_SOURCE: SettingSource = { kind: 'default' };

function pick<T>(merged: MergedLayers, path: string[]): Setting<T> | undefined {
  const value = valueAtPath(merged.raw, path);
  if (value === undefined) return undefined;
  return { value: value as T, source: originOf(merged.origins, path)?.source ?? DEFAULT_SOURCE };
}

function customProviders(raw: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const table = raw['model_providers'];
  return isTable(table) ? (table as Record<string, Record<string, unknown>>) : {};
}

function checkProviderNames(merged: MergedLayers): void {
  for (const [id, provider] of Object.entries(customProviders(merged.raw))) {
    const name = provider['name'];
    if (typeof name === 'string' && name.trim() !== '') continue;
    const origin = originOf(merged.origins, ['model_providers', id]);
    const where = origin ? placeOfSource(origin.source, origin.path) : 'model_providers';
    throw new CodexConfigError(
      `${where}: provider \`${id}\` has no \`name\`; Codex stops with "provider name must not be empty". Add \`name = "${id}"\` to [model_providers.${id}].`,
      {
        file: origin?.source.file,
        line: origin?.source.line,
      },
    );
  }
}

function resolveProvider(merged: MergedLayers): Setting<string> {
  const chosen = pick<string>(merged, ['model_provider']) ?? { value: DEFAULT_PROVIDER, source: DEFAULT_SOURCE };
  const custom = customProviders(merged.raw);
  if (!(chosen.value in BUILT_IN_PROVIDERS) && !(chosen.value in custom)) {
    const known = [...Object.keys(BUILT_IN_PROVIDERS), ...Object.keys(custom)].join(', ');
    throw new CodexConfigError(
      `${placeOfSource(chosen.source, ['model_provider'])}: model provider \`${chosen.value}\` is not defined (Codex stops with "Model provider \`${chosen.value}\` not found"). ` +
        `Known providers: ${known}. Define [model_providers.${chosen.value}] (name, base_url, wire_api = "responses") in $CODEX_HOME/config.toml, or choose one of those.`,
      { file: chosen.source.file, line: chosen.source.line },
    );
  }
  return chosen;
}

function resolveBaseUrl(merged: MergedLayers, provider: string): Setting<string> | undefined {
  const configured = pick<string>(merged, ['model_providers', provider, 'base_url']);
  if (configured) return configured;
  if (provider === DEFAULT_PROVIDER) {
    const openai = pick<string>(merged, ['openai_base_url']);
    if (openai) return openai;
  }
  const builtIn = BUILT_IN_PROVIDERS[provider]?.baseUrl;
  return builtIn ? { value: builtIn, source: DEFAULT_SOURCE } : undefined;
}

/** The values callers need, each with its provenance, from merged (and already validated) layers. */
export function buildEffectiveSettings(merged: MergedLayers, profile: Setting<string> | undefined): EffectiveSettings {
  checkProviderNames(merged);
  const provider = resolveProvider(merged);
  const settings: EffectiveSettings = {
    model_provider: provider,
    raw: merged.raw,
    origins: originsByPath(merged.origins),
  };
  const optional: Array<[keyof EffectiveSettings, Setting<unknown> | undefined]> = [
    ['model', pick(merged, ['model'])],
    ['base_url', resolveBaseUrl(merged, provider.value)],
    ['model_reasoning_effort', pick(merged, ['model_reasoning_effort'])],
    ['sandbox_mode', pick(merged, ['sandbox_mode'])],
    ['approval_policy', pick(merged, ['approval_policy'])],
    ['profile', profile],
  ];
  for (const [key, setting] of optional) if (setting) (settings as unknown as Record<string, unknown>)[key] = setting;
  return settings;
}
