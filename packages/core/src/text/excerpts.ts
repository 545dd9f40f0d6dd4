/**
 * Short excerpts of long text for messages: the one place that cuts text, so every package cuts
 * the same way. None of these makes text safe to print: untrusted text still goes through
 * `sanitise/` (terminalText, markdownText) after it is cut.
 */

/** The last `lines` non-empty lines (of a process's stderr, of an nx run's output). */
export function tailLines(text: string, lines = 20): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}

/** The first non-empty line, trimmed (of an error message, of a model's note). */
export function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
}

/** At most `max` characters (UTF-16 code units, never splitting a surrogate pair), `…` marking a cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1])) end--;
  return `${text.slice(0, end)}…`;
}

/** Keeps the start (the error) and the end (the summary) of long output, saying how much was cut. */
export function trimMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 30) / 2);
  return `${text.slice(0, half)}\n[… ${text.length - 2 * half} characters cut …]\n${text.slice(-half)}`;
}
