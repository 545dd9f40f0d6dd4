import { closestNames, editDistance } from './closest-names';

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
