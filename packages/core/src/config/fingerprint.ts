import { createHash } from 'node:crypto';
import type { EffectiveSettings } from './types';

export interface FingerprintExtras {
  /** Version of the prompt template the caller sends. */
  promptVersion: string;
  /** `0.169.0`; `undefined` when codex could not be found. */
  codexVersion: string | undefined;
  /** The secret detector's packages and rules (secrets/secretDetectorFingerprint): what a prompt may carry depends on it. */
  secretDetector?: string;
}

/** A URL without what may carry a secret: user:password@, ?query (api keys) and #fragment. */
export function stripUrlSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url.replace(/[?#].*$/s, '').replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
}

/** JSON with sorted keys at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Exactly what the fingerprint covers: the settings that change a model's answer. Built from named
 * fields only, never from the raw table, so no env_key, header, token or query string can get in.
 */
export function fingerprintInput(
  settings: EffectiveSettings,
  extras: FingerprintExtras,
): Record<string, string | null> {
  return {
    fingerprint_version: '1',
    model: settings.model?.value ?? null,
    model_provider: settings.model_provider.value,
    base_url: settings.base_url ? stripUrlSecrets(settings.base_url.value) : null,
    model_reasoning_effort: settings.model_reasoning_effort?.value ?? null,
    sandbox_mode: settings.sandbox_mode?.value ?? null,
    prompt_version: extras.promptVersion,
    codex_version: extras.codexVersion ?? null,
    ...(extras.secretDetector ? { secret_detector: extras.secretDetector } : {}),
  };
}

/** sha256 (hex) of the canonical JSON of fingerprintInput: a cache key without secrets. */
export function settingsFingerprint(settings: EffectiveSettings, extras: FingerprintExtras): string {
  return createHash('sha256')
    .update(canonicalJson(fingerprintInput(settings, extras)))
    .digest('hex');
}
