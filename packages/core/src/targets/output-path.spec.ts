import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatError } from '../format-error';
import { OutputPathError, resolveOutputDir } from './output-path';

describe('resolveOutputDir', () => {
  let ws: string;
  let outside: string;
  const project = { name: 'app', root: 'apps/app' };
  const roots = ['apps/app', 'apps/b', 'libs/c'];
  const refusal = (problem: string) =>
    new RegExp(
      `of app:codex-review is ${problem}.*Give a folder of nx-codex's own inside the workspace, e\\.g\\. "dist/codex-review/app"`,
    );

  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'output-path-ws-'));
    outside = mkdtempSync(join(tmpdir(), 'output-path-outside-'));
    for (const root of roots) mkdirSync(join(ws, root, 'src'), { recursive: true });
    writeFileSync(join(ws, 'apps/b/src/wip.ts'), 'work in progress\n');
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('is outputPath relative to the workspace root, else dist/<target>/<project>', () => {
    expect(resolveOutputDir('codex-review', ws, project, 'reports/app', roots)).toBe(join(ws, 'reports/app'));
    expect(resolveOutputDir('codex-review', ws, project, undefined, roots)).toBe(join(ws, 'dist/codex-review/app'));
    expect(resolveOutputDir('codex-generate-tests', ws, project, undefined, roots)).toBe(
      join(ws, 'dist/codex-generate-tests/app'),
    );
  });

  it('accepts a folder that holds only what nx-codex wrote there', () => {
    mkdirSync(join(ws, 'reports/app'), { recursive: true });
    for (const name of ['review.json', 'review.md', '.review.json.12.abc.tmp'])
      writeFileSync(join(ws, 'reports/app', name), '');
    expect(resolveOutputDir('codex-review', ws, project, 'reports/app', roots)).toBe(join(ws, 'reports/app'));
  });

  it('refuses the workspace root and folders outside it, symbolic links included', () => {
    symlinkSync(outside, join(ws, 'link-out'));
    for (const outputPath of ['.', '..', '../elsewhere', outside, 'link-out/reports']) {
      expect(() => resolveOutputDir('codex-review', ws, project, outputPath, roots)).toThrow(
        refusal('not a folder inside the workspace'),
      );
    }
  });

  it('refuses a folder that holds a project: Nx would delete it when it restores a cache hit', () => {
    for (const outputPath of ['apps', 'apps/app', 'apps/b', 'libs/c/']) {
      expect(() => resolveOutputDir('codex-review', ws, project, outputPath, roots)).toThrow(
        refusal('a folder that holds the project'),
      );
    }
  });

  it("refuses a folder with the user's files in it (a project's src, docs)", () => {
    mkdirSync(join(ws, 'docs'));
    writeFileSync(join(ws, 'docs/review.md'), 'our design review\n');
    writeFileSync(join(ws, 'docs/guide.md'), 'guide\n');
    expect(() => resolveOutputDir('codex-review', ws, project, 'apps/b/src', roots)).toThrow(
      refusal('a folder with files nx-codex did not write \\(wip\\.ts\\)'),
    );
    expect(() => resolveOutputDir('codex-review', ws, project, 'docs', roots)).toThrow(
      refusal('a folder with files nx-codex did not write \\(guide\\.md\\)'),
    );
  });
});

describe('formatError of an outputPath refusal', () => {
  it('is the message alone, not an unexpected error to report', () => {
    const error = new OutputPathError(
      'outputPath "apps" of app:codex-review is a folder that holds the project apps/a',
    );
    expect(formatError(error)).toBe(error.message);
  });
});
