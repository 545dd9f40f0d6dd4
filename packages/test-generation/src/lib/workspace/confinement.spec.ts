import { DEFAULT_ALLOWED_WRITES, decideConfinement, isAllowedWrite } from './confinement';

const rules = { projectDir: 'libs/math', allowedWrites: DEFAULT_ALLOWED_WRITES };

describe('decideConfinement', () => {
  it('keeps new and changed test files inside the project', () => {
    const decision = decideConfinement(
      [
        { path: 'libs/math/src/add.spec.ts', kind: 'added' },
        { path: 'libs/math/src/deep/x.test.ts', kind: 'modified' },
        { path: 'libs/math/src/__snapshots__/add.spec.ts.snap', kind: 'added' },
      ],
      rules,
    );
    expect(decision.allowed.map((c) => c.path)).toEqual([
      'libs/math/src/add.spec.ts',
      'libs/math/src/deep/x.test.ts',
      'libs/math/src/__snapshots__/add.spec.ts.snap',
    ]);
    expect(decision.rejected).toEqual([]);
  });

  it('rejects source edits, files outside the project and deleted tests, each with its reason', () => {
    const decision = decideConfinement(
      [
        { path: 'libs/math/src/add.ts', kind: 'modified' },
        { path: 'libs/other/src/a.spec.ts', kind: 'added' },
        { path: 'libs/mathematics/a.spec.ts', kind: 'added' },
        { path: 'README.md', kind: 'modified' },
        { path: 'libs/math/src/old.spec.ts', kind: 'deleted' },
        { path: 'libs/math/jest.config.cjs', kind: 'modified' },
      ],
      rules,
    );
    expect(decision.allowed).toEqual([]);
    expect(decision.rejected.map((r) => [r.path, r.reason])).toEqual([
      ['libs/math/src/add.ts', 'not-allowed'],
      ['libs/other/src/a.spec.ts', 'outside-project'],
      ['libs/mathematics/a.spec.ts', 'outside-project'],
      ['README.md', 'outside-project'],
      ['libs/math/src/old.spec.ts', 'deleted-existing'],
      ['libs/math/jest.config.cjs', 'not-allowed'],
    ]);
    expect(decision.rejected[0].detail).toContain('**/*.spec.ts');
  });

  it('treats the repository root as a project folder when the project is at the root', () => {
    const root = { projectDir: '', allowedWrites: ['test/**'] };
    expect(isAllowedWrite('test/a.ts', root)).toBe(true);
    expect(isAllowedWrite('src/a.ts', root)).toBe(false);
    expect(isAllowedWrite('.hidden/test/a.ts', { projectDir: '', allowedWrites: ['**/test/**'] })).toBe(true);
  });
});
