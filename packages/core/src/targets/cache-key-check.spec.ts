import { checkChangesCacheKey, offlineWithoutScenario } from './cache-key-check';
import { baseCommitCommand, FINGERPRINT_COMMAND, reviewTarget } from './target-definitions';

const SHA = 'a'.repeat(40);

describe('checkChangesCacheKey', () => {
  const changesInputs = reviewTarget({ scope: 'changes' }).inputs as never;

  it('accepts a target whose inputs carry nx-codex base-commit, directly or in a named input', () => {
    expect(checkChangesCacheKey({ inputs: changesInputs })).toBeUndefined();
    expect(checkChangesCacheKey({ inputs: ['codex' as never], namedInputs: { codex: changesInputs } })).toBeUndefined();
  });

  it('refuses a target without it and says where to set scope changes, naming stale targetDefaults', () => {
    const inputs = reviewTarget({ scope: 'project' }).inputs as never;
    expect(checkChangesCacheKey({ inputs })).toMatch(
      /lack `nx-codex base-commit`.*"scope": "changes" in the @nx-codex\/codex-review\/plugin options/,
    );
    expect(checkChangesCacheKey({ inputs, targetDefaultsSetInputs: true })).toMatch(
      /targetDefaults\["@nx-codex\/codex-review:review"\]\.inputs replace/,
    );
  });

  it('takes a changesBase given for the run only when it is the baked base or a full SHA; otherwise advises NX_BASE', () => {
    const baked = reviewTarget({ scope: 'changes', changesBase: 'develop' }).inputs as never;
    expect(checkChangesCacheKey({ inputs: baked, changesBase: 'develop' })).toBeUndefined();
    expect(checkChangesCacheKey({ inputs: changesInputs, changesBase: SHA })).toBeUndefined();
    expect(checkChangesCacheKey({ inputs: changesInputs, changesBase: 'master' })).toMatch(
      /Run with NX_BASE=master instead/,
    );
    expect(checkChangesCacheKey({ inputs: changesInputs, changesHead: 'feature' })).toMatch(/NX_HEAD=feature/);
  });
});

describe('target definitions', () => {
  it('puts the base commit in the key of a changes target only, and always defines the offline configuration', () => {
    expect(reviewTarget().inputs).toEqual([
      '{projectRoot}/**/*',
      '{workspaceRoot}/.codex/context.md',
      '{workspaceRoot}/.codex/config.toml',
      { runtime: FINGERPRINT_COMMAND },
    ]);
    expect(reviewTarget({ scope: 'changes', changesBase: 'develop' })).toMatchObject({
      inputs: expect.arrayContaining([{ runtime: `${baseCommitCommand()} --base=develop` }]),
      options: { scope: 'changes', changesBase: 'develop' },
    });
    expect(reviewTarget().configurations).toEqual({ offline: { offline: true } });
    expect(reviewTarget({ offlineScenario: 's.json' }).configurations).toEqual({
      offline: { offline: true, localModelScenario: 's.json' },
    });
  });

  it('refuses a base that is not a plain ref (the runtime command goes through a shell)', () => {
    expect(() => baseCommitCommand('main; rm -rf /')).toThrow(/not a plain git ref/);
    expect(() => baseCommitCommand('--output=x')).toThrow(/not a plain git ref/);
  });
});

describe('offlineWithoutScenario', () => {
  it('stops the offline configuration without a scenario, and says how to set one', () => {
    expect(offlineWithoutScenario({ offline: true }, '@nx-codex/codex-review/plugin')).toMatch(
      /nothing was sent to any model.*"offlineScenario"/,
    );
    expect(offlineWithoutScenario({ offline: true, localModelScenario: 's.json' }, 'p')).toBeUndefined();
    expect(offlineWithoutScenario({}, 'p')).toBeUndefined();
  });
});
