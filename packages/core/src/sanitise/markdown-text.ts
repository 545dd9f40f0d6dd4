/**
 * Untrusted text inside a Markdown document that GitHub renders (review.md as a PR comment,
 * reviewdog's review comments): it may format (emphasis, code, links, lists) but not become
 * active content. No HTML (a `<details>` or `<img>` of its own), no remote image (GitHub fetches
 * it for every reader: a beacon that can carry data out in its URL), no `@mention` (a
 * notification to whoever the model names), no heading, quote or rule that could pass for ours
 * (a fake "✅ no blocking findings"), no workflow command, no control character.
 */
import { stripControls } from './control-characters';
import { neutraliseWorkflowCommands } from './workflow-commands';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CODE_SPAN = /(`+)(?:(?!\1)[\s\S])*?[^`]\1(?!`)|(`+)\2(?!`)/g;
/** `@` right after a character that could start a mention on GitHub. */
const MENTION = /(^|[^\w`\\/.@-])@(?=[A-Za-z0-9_])/g;

/** One line of Markdown text, to go inside our own formatting (`**title**`, a table cell). */
export function markdownInline(text: string): string {
  const line = stripControls(text).trim();
  const escaped = escapeHtml(line)
    .replace(/([\\`*_[\]|#!~])/g, '\\$1')
    .replace(MENTION, '$1@&#8203;');
  return neutraliseWorkflowCommands(escaped);
}

/**
 * A block of Markdown (a finding's body, the explanation): its code blocks and code spans are kept
 * as written; outside them, HTML is escaped, images are removed, mentions defused, and a line
 * cannot open a heading, a quote or a rule. An unclosed code block is closed at the end.
 */
export function markdownBlock(text: string): string {
  const lines = stripControls(text, { multiline: true }).split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      // The info string of a fence is text too (```<img …>): keep only a plain language name.
      out.push(
        `${line.slice(0, line.indexOf(marker))}${marker}${/^[\w+#.-]*$/.test(line.trim().slice(marker.length).trim()) ? line.trim().slice(marker.length).trim() : ''}`,
      );
      continue;
    }
    out.push(blockLine(line));
  }
  if (fence) out.push(fence);
  return neutraliseWorkflowCommands(out.join('\n'));
}

function blockLine(line: string): string {
  const indent = line.slice(0, line.length - line.trimStart().length);
  let rest = line.slice(indent.length);
  if (/^(#{1,6})(\s|$)/.test(rest) || (/^(=+|-+|\*+|_+)\s*$/.test(rest.replace(/\s/g, '')) && rest.trim() !== ''))
    rest = `\\${rest}`;
  return indent + outsideCodeSpans(rest, escapeText);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(text: string): string {
  return escapeHtml(text)
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, (_all, alt: string) => `(image removed${alt.trim() ? `: ${alt.trim()}` : ''})`)
    .replace(/!\[/g, '!\\[')
    .replace(MENTION, '$1@&#8203;');
}

function outsideCodeSpans(line: string, transform: (text: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(CODE_SPAN)) {
    const start = match.index ?? 0; // always set by matchAll; TypeScript's type leaves it optional
    out += transform(line.slice(last, start)) + match[0];
    last = start + match[0].length;
  }
  return out + transform(line.slice(last));
}
