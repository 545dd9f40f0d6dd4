/**
 * Replaces each found secret by `[REDACTED:<rule>]` and keeps every newline it covered, so the
 * lines the model cites are the file's own lines.
 */
export interface SecretSpan {
  start: number;
  end: number;
  rule: string;
}

export function redact(content: string, spans: SecretSpan[]): string {
  const merged = mergeSpans(spans);
  let out = '';
  let at = 0;
  for (const span of merged) {
    out += content.slice(at, span.start);
    const newlines = content.slice(span.start, span.end).split('\n').length - 1;
    out += `[REDACTED:${span.rule}]` + '\n'.repeat(newlines);
    at = span.end;
  }
  return out + content.slice(at);
}

/** Sorted, overlapping or touching spans joined; the joined span keeps the first one's rule. */
export function mergeSpans(spans: SecretSpan[]): SecretSpan[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** Every place `value` occurs in `content`, as spans. */
export function occurrences(content: string, value: string, rule: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (let at = content.indexOf(value); at >= 0; at = content.indexOf(value, at + value.length)) {
    spans.push({ start: at, end: at + value.length, rule });
  }
  return spans;
}
