import { CodexError } from './errors';
import { issueLines, schemaIssues } from './schema-check';

type Schema = Record<string, unknown>;

const QUOTED_CHARS = 200;

export function quoteStart(text: string): string {
  const shown = text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
  return JSON.stringify(shown);
}

/** Models sometimes wrap JSON in a ```json fence even when told not to; the fence is not the answer. */
function withoutFence(text: string): string {
  const fenced = /^\s*```[A-Za-z0-9_-]*\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced ? (fenced[1] as string) : text;
}

const RETRY_ADVICE = 'Run it again, or use a model that follows structured-output schemas.';

/** Parses the last agent message as JSON and checks it against the schema (codex does not). */
export function parseStructuredAnswer<T>(text: string, schema: Schema): T {
  if (text.trim() === '') {
    throw new CodexError(
      `Codex returned an empty answer where JSON fitting the output schema was expected. ${RETRY_ADVICE}`,
      { kind: 'invalid-answer' },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(withoutFence(text));
  } catch (error) {
    throw new CodexError(
      `Codex's answer is not JSON (${(error as Error).message}); it starts ${quoteStart(text)}. ${RETRY_ADVICE}`,
      {
        kind: 'invalid-answer',
      },
    );
  }
  const issues = schemaIssues(schema, value);
  if (issues.length > 0) {
    throw new CodexError(
      `Codex's answer does not fit the output schema:\n${issueLines(issues)}\nIt starts ${quoteStart(text)}. ${RETRY_ADVICE}`,
      { kind: 'invalid-answer' },
    );
  }
  return value as T;
}

/** A plain-text call must still say something. */
export function requireText(text: string): string {
  if (text.trim() === '') {
    throw new CodexError(
      'Codex finished the turn without an answer (the last agent message is empty). Run it again, or check the prompt and model.',
      {
        kind: 'invalid-answer',
      },
    );
  }
  return text;
}
