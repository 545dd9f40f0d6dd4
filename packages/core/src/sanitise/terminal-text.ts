import { stripControls } from './control-characters';
import { neutraliseWorkflowCommands } from './workflow-commands';

/**
 * Untrusted text made fit for one terminal line (and a CI log, which GitHub's runner scans for
 * workflow commands): no escapes or control characters, no line breaks, no workflow command,
 * at most `max` characters.
 */
export function terminalText(text: string, max = 300): string {
  return neutraliseWorkflowCommands(truncate(stripControls(text).trim(), max));
}

/** At most `max` characters (UTF-16 code units, never splitting a surrogate pair), `…` marking a cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\ud800-\udbff]/.test(text[end - 1])) end--;
  return `${text.slice(0, end)}…`;
}
