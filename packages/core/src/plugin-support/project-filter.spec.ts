import { globToRegExp, projectMatches } from './project-filter';

describe('projectMatches', () => {
  const project = { name: 'demo-app', root: 'examples/demo-app' };

  it('takes every project without include or exclude', () => {
    expect(projectMatches(project)).toBe(true);
  });

  it('matches by name or by root glob, and exclude wins', () => {
    expect(projectMatches(project, ['demo-app'])).toBe(true);
    expect(projectMatches(project, ['examples/*'])).toBe(true);
    expect(projectMatches(project, ['libs/*'])).toBe(false);
    expect(projectMatches(project, ['examples/*'], ['demo-*'])).toBe(true);
    expect(projectMatches(project, ['examples/*'], ['demo-app'])).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('keeps * inside a segment and lets ** cross segments', () => {
    expect(globToRegExp('examples/*').test('examples/demo-app')).toBe(true);
    expect(globToRegExp('examples/*').test('examples/a/b')).toBe(false);
    expect(globToRegExp('**/demo-*').test('examples/nested/demo-lib')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});
