import { codexErrorLine, withoutBacktrace } from './codex-stderr';

/** Codex 0.169's stderr for a prompt over its input limit (the frames cut short). */
const OVER_LIMIT = [
  'WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper binaries under temporary dir "/tmp"',
  'warning: Untrusted project-local configuration is disabled.',
  'Error: turn/start: turn/start failed: Input exceeds the maximum length of 1048576 characters. (code -32602), data: {"input_error_code":"input_too_large","max_chars":1048576,"actual_chars":1100000}',
  '',
  'Stack backtrace:',
  '   0: <unknown>',
  '   1: <unknown>',
  '  10: <unknown>',
  '',
].join('\n');

describe('codexErrorLine', () => {
  it("finds codex's own message above the backtrace, without the method wrapping", () => {
    expect(codexErrorLine(OVER_LIMIT)).toBe(
      'Input exceeds the maximum length of 1048576 characters. (code -32602), data: {"input_error_code":"input_too_large","max_chars":1048576,"actual_chars":1100000}',
    );
  });

  it('keeps the Caused by lines and takes the last Error line', () => {
    const stderr = 'Error: first\n\nError: could not load config\n\nCaused by:\n    bad key\n';
    expect(codexErrorLine(stderr)).toBe('could not load config');
    expect(codexErrorLine('Error: could not load config\nCaused by:\n    bad key\n')).toBe(
      'could not load config Caused by: bad key',
    );
  });

  it('is undefined when codex printed no Error line', () => {
    expect(codexErrorLine('warning: something\n  9: <unknown>\n')).toBeUndefined();
  });
});

describe('withoutBacktrace', () => {
  it('drops the backtrace and keeps the rest', () => {
    expect(withoutBacktrace(OVER_LIMIT).split('\n').filter(Boolean)).toEqual(OVER_LIMIT.split('\n').slice(0, 3));
  });
});
