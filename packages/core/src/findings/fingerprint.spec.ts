import { fingerprintFinding, normaliseTitle } from './fingerprint';
import { meetsFailOn } from './fail-on';
import { mergeFindings } from './merge-findings';
import type { Finding, Priority } from './types';

function finding(
  priority: Priority,
  file: string,
  startLine: number,
  title: string,
  confidence = 0.5,
  body = 'body',
): Finding {
  return {
    title,
    body,
    priority,
    confidence,
    file,
    startLine,
    endLine: startLine,
    fingerprint: fingerprintFinding(file, startLine, startLine, title),
  };
}

describe('fingerprintFinding', () => {
  it('is a stable 16-digit sha256 prefix over file, lines and the normalised title', () => {
    const id = fingerprintFinding('src/a.ts', 3, 4, 'Handle the empty list');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    // sha256 of "src/a.ts\n3\n4\nhandle the empty list": ids written in earlier reports must stay valid.
    expect(id).toBe('c0fb011a02cf375f');
    expect(fingerprintFinding('src/a.ts', 3, 4, '  [P1]  handle THE empty   list. ')).toBe(id);
    expect(fingerprintFinding('src\\a.ts', 3, 4, 'Handle the empty list')).toBe(id);
  });

  it('changes with the file, either line or the words of the title', () => {
    const id = fingerprintFinding('src/a.ts', 3, 4, 'Handle the empty list');
    expect(
      new Set([
        id,
        fingerprintFinding('src/b.ts', 3, 4, 'Handle the empty list'),
        fingerprintFinding('src/a.ts', 2, 4, 'Handle the empty list'),
        fingerprintFinding('src/a.ts', 3, 5, 'Handle the empty list'),
        fingerprintFinding('src/a.ts', 3, 4, 'Handle the full list'),
      ]).size,
    ).toBe(5);
  });

  it('normalises case, spacing, a priority tag and a final full stop', () => {
    expect(normaliseTitle('[P0]   Fix\tthe  Bug!! ')).toBe('fix the bug');
  });
});

describe('mergeFindings', () => {
  it('keeps one finding per fingerprint with the best priority and confidence, sorted by priority, file, line', () => {
    const merged = mergeFindings([
      [finding(2, 'b.ts', 5, 'Same problem', 0.9, 'first body'), finding(3, 'a.ts', 1, 'Nit')],
      [finding(1, 'b.ts', 5, 'same problem.', 0.6, 'second body'), finding(1, 'a.ts', 9, 'Other')],
      [finding(1, 'a.ts', 2, 'Third')],
    ]);
    expect(merged.map((f) => [f.priority, f.file, f.startLine, f.title, f.confidence, f.body])).toEqual([
      [1, 'a.ts', 2, 'Third', 0.5, 'body'],
      [1, 'a.ts', 9, 'Other', 0.5, 'body'],
      [1, 'b.ts', 5, 'same problem.', 0.9, 'second body'],
      [3, 'a.ts', 1, 'Nit', 0.5, 'body'],
    ]);
  });

  it('does not change its input', () => {
    const input = [[finding(2, 'a.ts', 1, 'X', 0.2)], [finding(1, 'a.ts', 1, 'x', 0.9)]];
    const copy = JSON.parse(JSON.stringify(input));
    mergeFindings(input);
    expect(input).toEqual(copy);
  });
});

describe('meetsFailOn', () => {
  const findings = [finding(2, 'a.ts', 1, 'Normal'), finding(3, 'a.ts', 2, 'Nit')];
  it.each([
    ['P0', false],
    ['P1', false],
    ['P2', true],
    ['P3', true],
    ['none', false],
  ] as const)('failOn %s trips: %s', (failOn, trips) => {
    expect(meetsFailOn(findings, failOn)).toBe(trips);
  });

  it('never trips without findings and rejects an unknown level', () => {
    expect(meetsFailOn([], 'P3')).toBe(false);
    expect(() => meetsFailOn(findings, 'P9' as never)).toThrow(/Unknown failOn "P9": use one of P0, P1, P2, P3, none/);
  });
});
