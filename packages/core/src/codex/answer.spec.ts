import { parseStructuredAnswer, requireText } from './answer';
import { CodexError } from './errors';

const SCHEMA = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: { type: 'object', properties: { priority: { type: 'integer', maximum: 3 } }, required: ['priority'] },
    },
  },
  required: ['findings'],
  additionalProperties: false,
};

function failure(fn: () => unknown): CodexError {
  try {
    fn();
  } catch (error) {
    return error as CodexError;
  }
  throw new Error('expected a failure');
}

describe('parseStructuredAnswer', () => {
  it('returns the parsed value when it fits', () => {
    expect(parseStructuredAnswer('{"findings":[{"priority":1}]}', SCHEMA)).toEqual({ findings: [{ priority: 1 }] });
  });

  it('accepts an answer wrapped in a json fence', () => {
    expect(parseStructuredAnswer('```json\n{"findings":[]}\n```', SCHEMA)).toEqual({ findings: [] });
  });

  it('lists every schema issue by JSON pointer and quotes the answer', () => {
    const error = failure(() => parseStructuredAnswer('{"findings":[{"priority":7},{}],"extra":1}', SCHEMA));
    expect(error.kind).toBe('invalid-answer');
    expect(error.message).toContain(
      [
        "Codex's answer does not fit the output schema:",
        '  - (root): unexpected property "extra"',
        '  - /findings/0/priority: must be <= 3',
        '  - /findings/1: missing required property "priority"',
      ].join('\n'),
    );
  });

  it('lists at most 20 issues of a hostile answer', () => {
    const answer = JSON.stringify({ findings: Array.from({ length: 50 }, () => ({ priority: 9 })) });
    const lines = failure(() => parseStructuredAnswer(answer, SCHEMA)).message.split('\n');
    expect(lines.filter((line) => line.startsWith('  - /findings/'))).toHaveLength(20);
    expect(lines).toContain('  - … and 30 more');
  });

  it('quotes the start of an answer that does not fit', () => {
    const error = failure(() => parseStructuredAnswer('{"findings":[{"priority":7}]}', SCHEMA));
    expect(error.message).toContain('"{\\"findings\\":[{\\"priority\\":7}]}"');
  });

  it('names an unexpected property', () => {
    const error = failure(() => parseStructuredAnswer('{"findings":[],"extra":1}', SCHEMA));
    expect(error.message).toContain('  - (root): unexpected property "extra"');
  });

  it('names properties and pointers the model chose without their escapes or workflow commands', () => {
    const key = '\u001b]0;pwned\u0007\n::error title=x::injected';
    const counted = { type: 'object', additionalProperties: { type: 'integer' } };
    for (const [answer, schema] of [
      [{ findings: [], [key]: 1 }, SCHEMA],
      [{ [key]: 'x' }, counted],
    ] as const) {
      const message = failure(() => parseStructuredAnswer(JSON.stringify(answer), schema)).message;
      expect(message).toContain('pwned');
      expect(message).not.toContain('\u001b');
      expect(message).not.toContain('\u0007');
      expect(message.split('\n').filter((line) => /^\s*::/.test(line))).toEqual([]);
    }
  });

  it('quotes only the first 200 characters of an answer that is not JSON', () => {
    const text = `Here is my review: ${'x'.repeat(500)}`;
    const error = failure(() => parseStructuredAnswer(text, SCHEMA));
    expect(error.kind).toBe('invalid-answer');
    expect(error.message).toMatch(/^Codex's answer is not JSON \(Unexpected token/);
    expect(error.message).toContain(JSON.stringify(`${text.slice(0, 200)}…`));
    expect(error.message).not.toContain(text.slice(0, 230));
  });

  it('rejects an empty answer', () => {
    const error = failure(() => parseStructuredAnswer('  ', SCHEMA));
    expect(error.kind).toBe('invalid-answer');
    expect(error.message).toContain('empty answer');
  });

  it('refuses a schema ajv cannot compile, before any model call', () => {
    const error = failure(() => parseStructuredAnswer('{}', { type: 'no-such-type' }));
    expect(error.kind).toBe('invalid-options');
    expect(error.message).toContain('The outputSchema is not a valid JSON Schema');
  });

  it('understands draft 2020-12 schemas', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: false,
    };
    expect(parseStructuredAnswer('["a"]', schema)).toEqual(['a']);
    expect(failure(() => parseStructuredAnswer('["a", 1]', schema)).message).toContain(
      '  - (root): must NOT have more than 1 items',
    );
  });
});

describe('requireText', () => {
  it('rejects an empty plain-text answer', () => {
    expect(requireText('hi')).toBe('hi');
    expect(failure(() => requireText('')).kind).toBe('invalid-answer');
  });
});
