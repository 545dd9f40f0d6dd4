import { changedLineRanges, touchesChange } from './file-diff';
import { markOutsideChange } from '../findings/mark-outside-change';
import type { Finding } from '../findings/types';

describe('changedLineRanges', () => {
  it('takes added lines and the line next to a deletion, merged into ranges of the new version', () => {
    const diff = [
      '@@ -1,6 +1,7 @@',
      ' a',
      '-b',
      '+B',
      '+B2',
      ' c',
      ' d',
      '-e',
      ' f',
      '@@ -20,2 +21,3 @@',
      ' x',
      '+y',
      ' z',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(changedLineRanges(diff)).toEqual([
      [2, 3],
      [6, 6],
      [22, 22],
    ]);
  });

  it('is empty for a diff without hunks', () => {
    expect(changedLineRanges('')).toEqual([]);
  });
});

describe('touchesChange and markOutsideChange', () => {
  const finding = (file: string, startLine: number, endLine: number) =>
    ({
      file,
      startLine,
      endLine,
      title: 't',
      body: '',
      priority: 1,
      confidence: 1,
      fingerprint: `${file}:${startLine}`,
    }) as Finding;

  it('keeps every finding and marks those whose lines miss the change of their file', () => {
    expect(touchesChange([[5, 7]], 7, 9)).toBe(true);
    expect(touchesChange([[5, 7]], 8, 9)).toBe(false);
    const marked = markOutsideChange([finding('a.ts', 6, 6), finding('a.ts', 30, 31), finding('other.ts', 1, 1)], {
      'a.ts': [[5, 7]],
    });
    expect(marked.map((f) => f.outsideChange)).toEqual([undefined, true, true]);
  });

  it('leaves a whole-project review alone', () => {
    const findings = [finding('a.ts', 1, 1)];
    expect(markOutsideChange(findings, undefined)).toBe(findings);
  });
});
