import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GeneratedFiles } from './generated-files';

describe('GeneratedFiles', () => {
  let root: string;
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'tg-files-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('records the rounds in which each file changed, and forgets a change Codex undid', () => {
    const files = new GeneratedFiles(root);
    write('p/a.spec.ts', 'v1');
    write('p/b.spec.ts', 'v1');
    expect(
      files.update(
        [
          { path: 'p/a.spec.ts', kind: 'added' },
          { path: 'p/b.spec.ts', kind: 'added' },
        ],
        1,
      ),
    ).toEqual(['p/a.spec.ts', 'p/b.spec.ts']);
    write('p/a.spec.ts', 'v2');
    expect(files.update([{ path: 'p/a.spec.ts', kind: 'added' }], 2)).toEqual(['p/a.spec.ts']);
    expect(files.get('p/a.spec.ts')?.rounds).toEqual([1, 2]);
    expect(files.get('p/b.spec.ts')).toBeUndefined();
  });

  it('discards a snapshot with its test, and helpers when no test is kept', () => {
    const files = new GeneratedFiles(root);
    for (const file of [
      'p/a.spec.ts',
      'p/b.spec.ts',
      'p/__snapshots__/a.spec.ts.snap',
      'p/__snapshots__/b.spec.ts.snap',
      'p/fixtures.ts',
    ])
      write(file, 'x');
    files.update(
      [
        'p/a.spec.ts',
        'p/b.spec.ts',
        'p/__snapshots__/a.spec.ts.snap',
        'p/__snapshots__/b.spec.ts.snap',
        'p/fixtures.ts',
      ].map((f) => ({ path: f, kind: 'added' as const })),
      1,
    );
    files.discard('p/a.spec.ts', 'failed', 'boom', 'dist/x/removed/p/a.spec.ts');
    expect(files.findOrphans()).toEqual(['p/__snapshots__/a.spec.ts.snap']);
    files.discard('p/__snapshots__/a.spec.ts.snap', 'no-kept-test');
    files.discard('p/b.spec.ts', 'flaky');
    expect(files.findOrphans()).toEqual(['p/__snapshots__/b.spec.ts.snap', 'p/fixtures.ts']);
    for (const orphan of files.findOrphans()) files.discard(orphan, 'no-kept-test');
    const report = files.toReport(
      (f) => f,
      (t) => t,
    );
    expect(report.map((r) => [r.path, r.status, r.reason])).toEqual([
      ['p/__snapshots__/a.spec.ts.snap', 'discarded', 'no-kept-test'],
      ['p/__snapshots__/b.spec.ts.snap', 'discarded', 'no-kept-test'],
      ['p/a.spec.ts', 'discarded', 'failed'],
      ['p/b.spec.ts', 'discarded', 'flaky'],
      ['p/fixtures.ts', 'discarded', 'no-kept-test'],
    ]);
    expect(report[2].message).toBe('boom');
    expect(report[2].savedAs).toBe('dist/x/removed/p/a.spec.ts');
  });

  it('keeps a snapshot Codex updated for an existing test it did not write', () => {
    const files = new GeneratedFiles(root);
    write('p/__snapshots__/old.spec.ts.snap', 'x');
    files.update([{ path: 'p/__snapshots__/old.spec.ts.snap', kind: 'modified' }], 1);
    expect(files.findOrphans()).toEqual([]);
  });
});
