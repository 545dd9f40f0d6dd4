import { matchesRoot, projectMatches } from './project-filter';

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

describe('matchesRoot', () => {
  it('takes brace sets, ** across segments, and a trailing slash', () => {
    expect(matchesRoot('apps/web', '{apps,libs}/*')).toBe(true);
    expect(matchesRoot('libs/data', '{apps,libs}/*')).toBe(true);
    expect(matchesRoot('tools/x', '{apps,libs}/*')).toBe(false);
    expect(matchesRoot('examples/a/b', 'examples/*')).toBe(false);
    expect(matchesRoot('examples/nested/demo-lib', '**/demo-*')).toBe(true);
    expect(matchesRoot('examples/demo-app', 'examples/*/')).toBe(true);
    expect(matchesRoot('axb', 'a.b')).toBe(false);
  });
});
