import { redactDiffFromNewVersion } from './redact-diff';

describe('redactDiffFromNewVersion', () => {
  it('takes context and added lines from the redacted new version and leaves removed lines and headers alone', () => {
    const diff = [
      '@@ -1,4 +1,4 @@',
      ' const a = 1;',
      '-const old = "kept-for-the-diff-scan";',
      '+const key = "s3cr3t";',
      ' BODYOFAKEY',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const redacted = ['const a = 1;', 'const key = "[REDACTED:x]";', '', ''].join('\n');
    expect(redactDiffFromNewVersion(diff, redacted)).toBe(
      [
        '@@ -1,4 +1,4 @@',
        ' const a = 1;',
        '-const old = "kept-for-the-diff-scan";',
        '+const key = "[REDACTED:x]";',
        ' ',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
  });

  it('follows each hunk to its own new-side line', () => {
    const diff = ['@@ -10,2 +20,2 @@', ' line20', '+line21', ''].join('\n');
    const redacted = Array.from({ length: 25 }, (_, i) => (i + 1 === 21 ? '[REDACTED:y]' : `line${i + 1}`)).join('\n');
    expect(redactDiffFromNewVersion(diff, redacted)).toBe(
      ['@@ -10,2 +20,2 @@', ' line20', '+[REDACTED:y]', ''].join('\n'),
    );
  });
});
