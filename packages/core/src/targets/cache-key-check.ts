/**
 * Before a `changes` review runs: is the diff it compares in the target's cache key? If not, Nx
 * would later replay this review for another base (another PR's verdict). Pure: the executor
 * passes what Nx gives it.
 */
import { BASE_COMMIT_COMMAND, REVIEW_EXECUTOR } from './target-definitions';

type Input = string | Record<string, unknown>;

export interface CacheKeyFacts {
  /** The target's inputs as Nx resolved them (targetDefaults merged). */
  inputs?: Input[];
  /** nx.json namedInputs, to look inside a named input. */
  namedInputs?: Record<string, Input[]>;
  /** Whether nx.json targetDefaults set inputs for the review executor (older @nx-codex/setup wrote them). */
  targetDefaultsSetInputs?: boolean;
  changesBase?: string;
  changesHead?: string;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** Undefined when the cache key covers the commits this review compares; else what is wrong and what to do. */
export function checkChangesCacheKey(facts: CacheKeyFacts): string | undefined {
  const command = runtimeCommands(facts.inputs ?? [], facts.namedInputs ?? {}).find((cmd) =>
    cmd.startsWith(BASE_COMMIT_COMMAND),
  );
  if (!command) {
    const defaults = facts.targetDefaultsSetInputs
      ? ` nx.json targetDefaults["${REVIEW_EXECUTOR}"].inputs replace the plugin's inputs (older @nx-codex/setup wrote them): remove that "inputs" key.`
      : '';
    return (
      `scope "changes" needs the compared commits in the cache key, and this target's inputs lack \`nx-codex base-commit\`, so Nx could replay the review of another diff.${defaults} ` +
      'Give the target scope "changes" where it is defined: "scope": "changes" in the @nx-codex/codex-review/plugin options in nx.json (a second registration with "targetName": "codex-review-changes" keeps the whole-project target), ' +
      'or `nx g @nx-codex/setup:configuration <project> --targets=codex-review --scope=changes` for a written target.'
    );
  }
  const baked = /--base=(\S+)/.exec(command)?.[1];
  if (facts.changesBase && facts.changesBase !== baked && !FULL_SHA.test(facts.changesBase)) {
    return (
      `changesBase "${facts.changesBase}" is not what the cache key covers (it holds the commit of ${baked ? `"${baked}"` : 'NX_BASE, else nx.json defaultBase'}), so a later run could replay this review after "${facts.changesBase}" moves. ` +
      `Run with NX_BASE=${facts.changesBase} instead (its commit goes into the cache key), or pass a full commit SHA.`
    );
  }
  if (facts.changesHead && !FULL_SHA.test(facts.changesHead)) {
    return `changesHead "${facts.changesHead}" is not what the cache key covers (it holds the commit of NX_HEAD). Run with NX_HEAD=${facts.changesHead} instead, or pass a full commit SHA.`;
  }
  return undefined;
}

/** `runtime` commands among the inputs, looking inside named inputs (as Nx does). */
function runtimeCommands(inputs: Input[], namedInputs: Record<string, Input[]>, seen = new Set<string>()): string[] {
  return inputs.flatMap((input) => {
    if (typeof input === 'string') {
      const name = input.replace(/^\^/, '');
      if (!(name in namedInputs) || seen.has(name)) return [];
      seen.add(name);
      return runtimeCommands(namedInputs[name], namedInputs, seen);
    }
    return typeof input.runtime === 'string' ? [input.runtime.trim()] : [];
  });
}

/** The `offline` configuration of a workspace without a local-model scenario: why the task stops. */
export function offlineWithoutScenario(
  options: { offline?: boolean; localModelScenario?: string },
  pluginName: string,
): string | undefined {
  if (!options.offline || options.localModelScenario) return undefined;
  return (
    `the offline configuration answers from a scripted local model, and this target has no scenario, so nothing was sent to any model. ` +
    `Drop --configuration=offline to use your Codex provider, or set "offlineScenario": "<scenario.json>" in the ${pluginName} options in nx.json.`
  );
}
