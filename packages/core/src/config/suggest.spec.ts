import { closestName, didYouMean } from './suggest';

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
