import { z } from 'zod/v4';
import { parseArgs } from './parse-args';

describe('parseArgs', () => {
  const schema = z
    .object({
      prompt: z.string(),
      sandbox: z.enum(['read-only', 'workspace-write']).optional(),
      config: z.record(z.string(), z.unknown()).optional(),
    })
    .strict();
  const json = { type: 'object' as const, properties: { prompt: {}, sandbox: {}, config: {} } };

  it('returns the parsed arguments', () => {
    expect(parseArgs('codex', schema, json, { prompt: 'hi', config: { a: { b: 1 } } })).toEqual({
      prompt: 'hi',
      config: { a: { b: 1 } },
    });
  });

  it('lists every problem in one message that names the tool and the argument', () => {
    expect(() => parseArgs('codex', schema, json, { prompt: 5, sandbox: 'full', extra: true })).toThrow(
      'Invalid arguments for tool "codex": "prompt" must be a string, got 5; "sandbox" must be one of "read-only", "workspace-write", got "full"; unknown argument "extra" (expected one of prompt, sandbox, config).',
    );
    expect(() => parseArgs('codex', schema, json, undefined)).toThrow(
      'Invalid arguments for tool "codex": "prompt" is required (a string).',
    );
    expect(() => parseArgs('codex', schema, json, 'text')).toThrow(/arguments must be an object, got "text"/);
  });
});
