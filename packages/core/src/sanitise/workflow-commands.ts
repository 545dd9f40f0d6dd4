/**
 * GitHub Actions workflow commands. The runner reads `::command props::message` when a line starts
 * with `::` (after whitespace), and the legacy `##[command]message` anywhere in a line. Text that is
 * not ours must do neither: a zero-width space (U+200B) splits the marker, invisible when read.
 */
const ZWSP = '\u200b';

/** Neutralises `::` at the start of each line (after whitespace) and every `##[`. */
export function neutraliseWorkflowCommands(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, `$1:${ZWSP}`).replace(/##\[/g, `##${ZWSP}[`);
}

/** As @actions/core escapes a command's message: `%`, `\r`, `\n`. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a command property: the message escapes, plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
