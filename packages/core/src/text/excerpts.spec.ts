import { firstLine, tailLines, trimMiddle, truncate } from './excerpts';

describe('trimMiddle', () => {
  it('keeps the start and the end of long output', () => {
    const text = `${'a'.repeat(100)}${'b'.repeat(100)}`;
    const trimmed = trimMiddle(text, 80);
    expect(trimmed.startsWith('a'.repeat(25))).toBe(true);
    expect(trimmed.endsWith('b'.repeat(25))).toBe(true);
    expect(trimmed).toContain('characters cut');
    expect(trimMiddle('short', 80)).toBe('short');
  });
});

describe('tailLines', () => {
  it('keeps the last non-empty lines', () => {
    expect(tailLines('a\n\nb\r\nc\n\n', 2)).toBe('b\nc');
    expect(tailLines('', 3)).toBe('');
  });
});

describe('firstLine', () => {
  it('is the first non-empty line, trimmed', () => {
    expect(firstLine('\n  \n  first  \nsecond')).toBe('first');
    expect(firstLine('')).toBe('');
  });
});

describe('truncate', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});
