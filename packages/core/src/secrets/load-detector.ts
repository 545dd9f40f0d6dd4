/**
 * The one door to secretlint, which ships as ESM only. Compiled to CommonJS this becomes a
 * require() of an ES module, which Node 20.19+ loads; Jest's module registry cannot, so the core
 * Jest config transforms these packages (see jest.config.cjs). Nothing else imports secretlint.
 */
import type { DetectorRule, LintSource } from './detector-types';

export interface LoadedDetector {
  lintSource: LintSource;
  /** The rules of secretlint's recommended preset, each on its own (so one can be left out). */
  presetRules: DetectorRule[];
}

let loading: Promise<LoadedDetector> | undefined;

/** Loads secretlint once per process (~60 ms here): the preset is a megabyte of JavaScript. */
export function loadDetector(): Promise<LoadedDetector> {
  loading ??= (async () => {
    const core = await import('@secretlint/core');
    const preset = await import('@secretlint/secretlint-rule-preset-recommend');
    return {
      lintSource: core.lintSource as unknown as LintSource,
      presetRules: preset.rules as unknown as DetectorRule[],
    };
  })();
  return loading;
}

/** Versions of the detector packages, read without loading them (they are part of the cache key). */
export function detectorVersions(): { core: string; preset: string } {
  const core = require('@secretlint/core/package.json') as { version: string };
  const preset = require('@secretlint/secretlint-rule-preset-recommend/package.json') as { version: string };
  return { core: core.version, preset: preset.version };
}
