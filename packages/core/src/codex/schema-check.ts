import type { ErrorObject, ValidateFunction } from 'ajv';
import type AjvDraft07 from 'ajv';
import type AjvDraft2020 from 'ajv/dist/2020';
import { terminalText } from '../sanitise/terminal-text';
import { CodexError } from './errors';

/**
 * The one JSON Schema validator of model answers: the client checks a structured answer against its
 * output schema (Codex itself does not), the review checks a stored chunk answer against the same
 * review schema, and both say what is wrong the same way (`/pointer: message`, `(root)` for the top).
 */

type Schema = Record<string, unknown>;

/** Issues listed in an error message at most; a hostile answer can break every rule of its schema. */
const LISTED_ISSUES = 20;
/** Characters of one issue at most: a model-chosen key can be any length. */
const ISSUE_CHARS = 300;

const validators = new WeakMap<Schema, ValidateFunction>();
let draft07: AjvDraft07 | undefined;
let draft2020: AjvDraft2020 | undefined;

/**
 * One ajv per schema dialect, required on first use: loading it costs ~20 ms that plain-text callers
 * need not pay. Not strict: a caller's schema may carry keywords ajv does not know (titles, examples).
 */
function ajvFor(schema: Schema): AjvDraft07 | AjvDraft2020 {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (dialect.includes('2020-12') || dialect.includes('2019-09')) {
    draft2020 ??= new (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default({
      strict: false,
      allErrors: true,
    });
    return draft2020;
  }
  draft07 ??= new (require('ajv') as typeof import('ajv')).default({ strict: false, allErrors: true });
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
      { kind: 'invalid-options', cause: error },
    );
  }
  validators.set(schema, validate);
  return validate;
}

/**
 * One issue in words. Property names and the pointer are JSON keys the model chose, and the message
 * reaches a terminal and GitHub's runner: names are JSON-quoted (escapes visible, not obeyed) and the
 * whole line goes through terminalText (no escape sequence, line break or workflow command is left).
 */
function describeSchemaError(error: ErrorObject): string {
  const pointer = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  return terminalText(describeIssue(error, pointer, params), ISSUE_CHARS);
}

function describeIssue(error: ErrorObject, pointer: string, params: Record<string, unknown>): string {
  if (error.keyword === 'additionalProperties')
    return `${pointer}: unexpected property ${JSON.stringify(String(params.additionalProperty))}`;
  if (error.keyword === 'required')
    return `${pointer}: missing required property ${JSON.stringify(String(params.missingProperty))}`;
  if (error.keyword === 'enum')
    return `${pointer}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${pointer}: ${error.message ?? error.keyword}`;
}

/** What is wrong with `value` against `schema`, one line per issue; empty when it fits. */
export function schemaIssues(schema: Schema, value: unknown): string[] {
  const validate = compileOutputSchema(schema);
  if (validate(value)) return [];
  const issues = (validate.errors ?? []).map(describeSchemaError);
  return issues.length > 0 ? issues : ['(root): does not fit the schema'];
}

/** Issues as the lines of an error message (`  - issue`), the first LISTED_ISSUES of them. */
export function issueLines(issues: readonly string[]): string {
  const listed = issues.slice(0, LISTED_ISSUES).map((issue) => `  - ${issue}`);
  if (issues.length > LISTED_ISSUES) listed.push(`  - … and ${issues.length - LISTED_ISSUES} more`);
  return listed.join('\n');
}
