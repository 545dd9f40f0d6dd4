import { truncate } from '../text/excerpts';
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
