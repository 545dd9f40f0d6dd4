import type { ErrorObject, ValidateFunction } from 'ajv';
import type AjvDraft07 from 'ajv';
import type AjvDraft2020 from 'ajv/dist/2020';
import { CodexError } from './errors';

type Schema = Record<string, unknown>;

const QUOTED_CHARS = 200;
const validators = new WeakMap<Schema, ValidateFunction>();
let draft07: AjvDraft07 | undefined;
let draft2020: AjvDraft2020 | undefined;

/** ajv is required on first use: loading it costs ~20 ms that plain-text callers need not pay. */
function ajvFor(schema: Schema): AjvDraft07 | AjvDraft2020 {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (dialect.includes('2020-12') || dialect.includes('2019-09')) {
    draft2020 ??= new (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default({
      strict: false,
      allErrors: false,
    });
    return draft2020;
  }
  draft07 ??= new (require('ajv') as typeof import('ajv')).default({ strict: false, allErrors: false });
  return draft07;
}

/** The compiled validator of an output schema; a schema ajv cannot compile is the caller's bug. */
export function compileOutputSchema(schema: Schema): ValidateFunction {
  const cached = validators.get(schema);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajvFor(schema).compile(schema);
  } catch (error) {
    throw new CodexError(
      `The outputSchema is not a valid JSON Schema: ${(error as Error).message}. Fix the schema passed to the codex call.`,
      {
        kind: 'invalid-options',
        cause: error,
      },
    );
  }
  validators.set(schema, validate);
  return validate;
}

export function quoteStart(text: string): string {
  const shown = text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
  return JSON.stringify(shown);
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : error.keyword === 'enum'
        ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
        : '';
  return `at ${where}: ${error.message ?? error.keyword}${extra}`;
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
  const validate = compileOutputSchema(schema);
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const where = first ? describeSchemaError(first) : 'somewhere';
    throw new CodexError(
      `Codex's answer does not fit the output schema, ${where}; it starts ${quoteStart(text)}. ${RETRY_ADVICE}`,
      {
        kind: 'invalid-answer',
      },
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
