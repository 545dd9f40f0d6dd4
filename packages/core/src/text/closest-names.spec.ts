import { closestName, closestNames, didYouMean, editDistance } from './closest-names';

describe('closestName', () => {
  const known = ['model', 'model_provider', 'sandbox_mode', 'approval_policy'];
  it('finds typos, transpositions included', () => {
    expect(closestName('modle', known)).toBe('model');
    expect(closestName('sandbox_mod', known)).toBe('sandbox_mode');
    expect(closestName('aproval_policy', known)).toBe('approval_policy');
  });
  it('stays quiet when nothing is close', () => {
    expect(closestName('xyz', known)).toBeUndefined();
    expect(closestName('git', known)).toBeUndefined();
    expect(didYouMean('completely_else', known)).toBe('');
    expect(didYouMean('modle', known)).toBe(' Did you mean `model`?');
  });
});

describe('closestNames', () => {
  const projects = ['demo-app', 'demo-lib', 'core', 'codex-review', 'mcp-server', 'setup'];

  it('finds typos and partial names, closest first', () => {
    expect(closestNames('demo-ap', projects)[0]).toBe('demo-app');
    expect(closestNames('demo-lbi', projects)[0]).toBe('demo-lib');
    expect(closestNames('review', projects)).toEqual(['codex-review']);
    expect(closestNames('DEMO', projects)).toEqual(['demo-app', 'demo-lib']);
  });

  it('returns nothing for an unrelated name', () => {
    expect(closestNames('zzzzzzzz', projects)).toEqual([]);
  });

  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('Same', 'same')).toBe(0);
  });
});
