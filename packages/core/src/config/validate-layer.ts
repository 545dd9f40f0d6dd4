import { CodexConfigError } from './errors';
import { describeValue, listOf } from './describe-value';
import {
  APPROVAL_POLICIES,
  BUILT_IN_PROVIDERS,
  KNOWN_CODEX_VERSION,
  KNOWN_PROVIDER_KEYS,
  KNOWN_TOP_LEVEL_KEYS,
  REASONING_EFFORTS,
  SANDBOX_MODES,
  SEED_GUIDE_KEYS,
} from './known-keys';
import { displayPath, isTable, placeOfKey, type ConfigLayer } from './layers';
import { didYouMean } from '../text';
import type { SettingsWarning } from './types';

interface Check {
  layer: ConfigLayer;
  warnings: SettingsWarning[];
}

function fixHint(layer: ConfigLayer): string {
  return layer.file
    ? `Fix it in ${layer.file}.`
    : 'Fix the executor option (in project.json, nx.json targetDefaults or the command line).';
}

function warn(check: Check, path: readonly string[], message: string): void {
  const line = check.layer.locator?.find(path)?.line;
  check.warnings.push({
    message: `${placeOfKey(check.layer, path)}: ${message}`,
    ...(check.layer.file ? { file: check.layer.file } : {}),
    ...(line !== undefined ? { line } : {}),
  });
}

function fail(check: Check, path: readonly string[], message: string): never {
  const position = check.layer.locator?.find(path);
  throw new CodexConfigError(`${placeOfKey(check.layer, path)}: ${message} ${fixHint(check.layer)}`, {
    file: check.layer.file,
    line: position?.line,
    column: position?.column,
  });
}

function expectString(check: Check, path: string[], value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(check, path, `\`${displayPath(path)}\` must be a non-empty string, not ${describeValue(value)}.`);
  }
}

function expectOneOf(check: Check, path: string[], value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(check, path, `\`${displayPath(path)}\` must be one of ${listOf(allowed)}, not ${describeValue(value)}.`);
  }
}

function checkApprovalPolicy(check: Check, value: unknown): void {
  if (isTable(value) && Object.keys(value).length === 1 && isTable(value['granular'])) return;
  if (isTable(value))
    fail(check, ['approval_policy'], '`approval_policy` as a table must be `{ granular = { … } }` and nothing else.');
  expectOneOf(check, ['approval_policy'], value, APPROVAL_POLICIES);
}

function checkReasoningEffort(check: Check, key: string, value: unknown): void {
  expectString(check, [key], value);
  if (!(REASONING_EFFORTS as readonly string[]).includes(value)) {
    warn(
      check,
      [key],
      `\`${key} = ${JSON.stringify(value)}\` is not a reasoning effort Codex ${KNOWN_CODEX_VERSION} knows (${listOf(REASONING_EFFORTS)}). Codex passes it on, and the model may reject it or Codex may pick another; use one the model supports.${didYouMean(value, REASONING_EFFORTS)}`,
    );
  }
}

function checkProvider(check: Check, id: string, provider: unknown): void {
  const path = ['model_providers', id];
  if (!isTable(provider))
    fail(
      check,
      path,
      `\`${displayPath(path)}\` must be a table (\`[${displayPath(path)}]\` with name, base_url, …), not ${describeValue(provider)}.`,
    );
  if (BUILT_IN_PROVIDERS[id]?.reserved) {
    fail(
      check,
      path,
      `\`[${displayPath(path)}]\` redefines the built-in provider \`${id}\`, which Codex refuses ("Built-in providers cannot be overridden"). Rename your provider (e.g. \`${id}-custom\`) and set \`model_provider\` to that name.`,
    );
  }
  for (const [key, value] of Object.entries(provider)) {
    const here = [...path, key];
    if (!KNOWN_PROVIDER_KEYS.has(key)) {
      warn(
        check,
        here,
        `unknown provider setting \`${key}\`; Codex ${KNOWN_CODEX_VERSION} ignores it.${didYouMean(key, KNOWN_PROVIDER_KEYS)}`,
      );
    } else if (key === 'base_url' || key === 'name' || key === 'env_key') {
      expectString(check, here, value);
    } else if (key === 'wire_api') {
      if (value === 'chat')
        fail(
          check,
          here,
          '`wire_api = "chat"` is no longer supported by Codex: set `wire_api = "responses"` (the provider must serve the Responses API).',
        );
      expectOneOf(check, here, value, ['responses']);
    }
  }
}

function checkTopLevelKey(check: Check, key: string, value: unknown): void {
  if (key in SEED_GUIDE_KEYS) {
    warn(check, [key], SEED_GUIDE_KEYS[key]);
    return;
  }
  if (!KNOWN_TOP_LEVEL_KEYS.has(key)) {
    warn(
      check,
      [key],
      `unknown Codex setting \`${key}\`; Codex ${KNOWN_CODEX_VERSION} ignores it (and \`--strict-config\` rejects it).${didYouMean(key, KNOWN_TOP_LEVEL_KEYS)} Remove it or fix the name.`,
    );
    return;
  }
  switch (key) {
    case 'model':
    case 'review_model':
    case 'model_provider':
    case 'openai_base_url':
      return expectString(check, [key], value);
    case 'sandbox_mode':
      return expectOneOf(check, [key], value, SANDBOX_MODES);
    case 'approval_policy':
      return checkApprovalPolicy(check, value);
    case 'model_reasoning_effort':
    case 'plan_mode_reasoning_effort':
      return checkReasoningEffort(check, key, value);
    case 'model_providers':
      if (!isTable(value))
        fail(check, [key], `\`model_providers\` must be a table of providers, not ${describeValue(value)}.`);
      for (const [id, provider] of Object.entries(value)) checkProvider(check, id, provider);
      return;
  }
}

/**
 * Checks one layer on its own, so that every message points at the file and line that said it:
 * unknown keys and the seed guide's keys are warnings; wrong types of the keys nx-codex relies on
 * are errors. (`profile` and `[profiles]` are the profile module's.)
 */
export function validateLayer(layer: ConfigLayer, warnings: SettingsWarning[]): void {
  const check: Check = { layer, warnings };
  for (const [key, value] of Object.entries(layer.table)) {
    if (key === 'profile' || key === 'profiles') continue;
    checkTopLevelKey(check, key, value);
  }
}
