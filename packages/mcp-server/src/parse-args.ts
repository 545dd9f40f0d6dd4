import type { z } from 'zod/v4';
import type { JsonObjectSchema } from './tool';
import { ToolError } from './tool';

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function describeIssue(issue: z.core.$ZodIssue, expectedKeys: string[]): string {
  const where = issue.path.length ? `"${issue.path.join('.')}"` : 'arguments';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (expected one of ${expectedKeys.join(', ')})`;
    case 'invalid_type':
      return issue.input === undefined
        ? `${where} is required (${withArticle(issue.expected)})`
        : `${where} must be ${withArticle(issue.expected)}, got ${JSON.stringify(issue.input)}`;
    case 'invalid_value':
      return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** Checks a call's arguments against a tool's schema; every problem is listed in one error. */
export function parseArgs<S extends z.ZodType>(
  toolName: string,
  schema: S,
  jsonSchema: JsonObjectSchema,
  raw: unknown,
): z.output<S> {
  const result = schema.safeParse(raw ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const expectedKeys = Object.keys(jsonSchema.properties ?? {});
  const problems = result.error.issues.map((issue) => describeIssue(issue, expectedKeys));
  throw new ToolError(`Invalid arguments for tool "${toolName}": ${problems.join('; ')}.`);
}
