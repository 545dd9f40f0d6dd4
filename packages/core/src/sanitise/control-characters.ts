/**
 * Control characters in untrusted text (the model's answer, file names from the repository under
 * review). A terminal obeys ANSI escapes (clear the screen, rewrite the title, hide text, fake a
 * hyperlink), a carriage return overwrites what was printed, and bidirectional overrides show code
 * in another order than it runs ("Trojan Source"). None of them carries meaning in a finding.
 */

// ESC sequences: CSI (ESC [ … final byte), OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ … BEL or ST), and any other ESC + one character.
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex -- matching control characters is this module's job
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[\s\S]?|\x9b[0-?]*[ -/]*[@-~]/g;
// C0 but tab and newline, DEL, C1 (U+0080-U+009F).
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** Bidirectional marks, embeddings, overrides and isolates: U+061C, U+200E-F, U+202A-E, U+2066-9. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Line and paragraph separators and the other newline forms some viewers break lines on. */
const NEWLINES = /\r\n|[\r\u2028\u2029\u0085]/g;

/**
 * The text without escape sequences, control characters or bidi controls. Tabs become spaces;
 * newlines (\r\n, \r, U+2028, U+2029 normalised to \n) are kept when `multiline`, else each run of
 * them becomes one space.
 */
export function stripControls(text: string, options: { multiline?: boolean } = {}): string {
  const clean = String(text)
    .replace(NEWLINES, '\n')
    .replace(ESCAPE_SEQUENCES, '')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .replace(/\t/g, '  ');
  return options.multiline ? clean : clean.replace(/\s*\n\s*/g, ' ');
}

/** True when the text holds something stripControls would remove (single-line rules). */
export function hasControls(text: string): boolean {
  return stripControls(text) !== text;
}
