/**
 * What codex's stderr says when it fails. Codex (anyhow) prints its error as `Error: <message>`,
 * possibly followed by `Caused by:` lines, then a `Stack backtrace:` of `N: <unknown>` frames (seen
 * with 0.169 for a prompt over its 1,048,576-character limit). The last stderr lines are then only
 * frames: the `Error:` line is the message.
 */
const BACKTRACE_START = /^\s*Stack backtrace:\s*$/;
const BACKTRACE_FRAME = /^\s*\d+: |^\s+at \S/;

/** Codex's own `Error:` message (the last one), with its `Caused by:` lines, or undefined. */
export function codexErrorLine(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/);
  let start = -1;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    if (/^Error: \S/.test(lines[index] ?? '')) {
      start = index;
      break;
    }
  }
  if (start === -1) return undefined;
  const message = [(lines[start] as string).slice('Error: '.length).trim()];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || BACKTRACE_START.test(line)) break;
    message.push(line.trim());
  }
  return tidy(message.join(' '));
}

/** Codex wraps app-server errors in the method's name twice ("turn/start: turn/start failed: …"). */
function tidy(message: string): string {
  return message.replace(/^(?:[\w/.-]+: )?[\w/.-]+ failed: /, '');
}

/** Stderr without the backtrace (the lines from `Stack backtrace:` on, and stray frames). */
export function withoutBacktrace(stderr: string): string {
  const kept: string[] = [];
  let inBacktrace = false;
  for (const line of stderr.split(/\r?\n/)) {
    if (BACKTRACE_START.test(line)) inBacktrace = true;
    else if (inBacktrace && !BACKTRACE_FRAME.test(line) && line.trim() !== '') inBacktrace = false;
    if (!inBacktrace && !BACKTRACE_FRAME.test(line)) kept.push(line);
  }
  return kept.join('\n');
}
