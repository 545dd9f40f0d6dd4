import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderMarkdown } from './render-markdown';
import { renderSarif } from './render-sarif';
import { sampleReviewResult } from './testing/sample-review-result';
import { writeFileAtomic } from '../files/write-file-atomic';
import { writeReports } from './write-reports';

// The module object itself, so that a spy reaches the code under test.
const realFs: typeof fs = require('node:fs');

describe('writeReports', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(tmpdir(), 'nx-codex-reports-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes review.json (canonical), review.md, review.sarif and review.rdjson, creating the folder', () => {
    const result = sampleReviewResult();
    const out = path.join(dir, 'dist/codex-review/web');
    const paths = writeReports(result, out);
    expect(paths).toEqual({
      json: path.join(out, 'review.json'),
      markdown: path.join(out, 'review.md'),
      sarif: path.join(out, 'review.sarif'),
      rdjson: path.join(out, 'review.rdjson'),
    });
    expect(JSON.parse(fs.readFileSync(paths.json, 'utf8'))).toEqual(result);
    expect(fs.readFileSync(paths.markdown, 'utf8')).toBe(renderMarkdown(result));
    expect(fs.readFileSync(paths.sarif, 'utf8')).toBe(renderSarif(result));
    expect(fs.readdirSync(out).sort()).toEqual(['review.json', 'review.md', 'review.rdjson', 'review.sarif']);
  });

  it('lets the caller complete the result just before it is rendered', () => {
    const result = sampleReviewResult();
    const paths = writeReports(result, dir, { beforeJson: (r) => (r.timings.totalMs = 9999) });
    expect(JSON.parse(fs.readFileSync(paths.json, 'utf8')).timings.totalMs).toBe(9999);
    expect(fs.readFileSync(paths.markdown, 'utf8')).toContain('· 10.0 s</sub>');
  });

  it('leaves the previous reports whole when rendering fails', () => {
    writeReports(sampleReviewResult({ project: 'before' }), dir);
    const before = fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
    const broken = sampleReviewResult({ project: 'after', confidence: BigInt(1) as unknown as number });
    expect(() => writeReports(broken, dir)).toThrow(/BigInt/);
    expect(fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))).toEqual(before);
  });

  it('never leaves a half-written report or a temporary file when a write fails', () => {
    writeReports(sampleReviewResult({ project: 'before' }), dir);
    const oldSarif = fs.readFileSync(path.join(dir, 'review.sarif'), 'utf8');
    const realRename = realFs.renameSync;
    jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).endsWith('review.sarif'))
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realRename(from, to);
    });
    expect(() => writeReports(sampleReviewResult({ project: 'after' }), dir)).toThrow(
      /Cannot write the report .*review\.sarif: ENOSPC.*disk is not full/,
    );
    expect(fs.readFileSync(path.join(dir, 'review.sarif'), 'utf8')).toBe(oldSarif);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says where and why when the folder cannot be written', () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    expect(() => writeReports(sampleReviewResult(), path.join(file, 'out'))).toThrow(
      /Cannot create the report folder .*not-a-folder\/out: .*Choose an outputPath/,
    );
  });

  it('writeFileAtomic replaces a file whole and leaves no temporary file', () => {
    const file = path.join(dir, 'summary.txt');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, 'new content');
    expect(fs.readFileSync(file, 'utf8')).toBe('new content');
    expect(fs.readdirSync(dir)).toEqual(['summary.txt']);
  });
});
