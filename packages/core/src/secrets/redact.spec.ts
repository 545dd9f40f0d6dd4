import { mergeSpans, redact } from './redact';

describe('redact', () => {
  it('replaces each span by its placeholder and keeps the newlines it covered', () => {
    const content = 'a = "SECRET1";\nkey = `-----BEGIN\nAAAA\n-----END`;\nz = 1;\n';
    const start = content.indexOf('-----BEGIN');
    const end = content.indexOf('-----END') + '-----END'.length;
    const out = redact(content, [
      { start: content.indexOf('SECRET1'), end: content.indexOf('SECRET1') + 7, rule: 'token' },
      { start, end, rule: 'private-key' },
    ]);
    expect(out).toBe('a = "[REDACTED:token]";\nkey = `[REDACTED:private-key]\n\n`;\nz = 1;\n');
    expect(out.split('\n')).toHaveLength(content.split('\n').length);
  });

  it('joins overlapping spans under the first rule and leaves text without spans alone', () => {
    expect(
      mergeSpans([
        { start: 5, end: 9, rule: 'b' },
        { start: 2, end: 6, rule: 'a' },
        { start: 20, end: 22, rule: 'c' },
      ]),
    ).toEqual([
      { start: 2, end: 9, rule: 'a' },
      { start: 20, end: 22, rule: 'c' },
    ]);
    expect(redact('plain\n', [])).toBe('plain\n');
  });
});
