import type { SelectedFile } from '../files';
import { countTokens } from '../files/count-tokens';
import { planPrompts, type PromptShared } from './plan-prompts';
import { buildReviewPrompt } from './prompt';

// The real tokenizer, watched: the plan must not load it where a byte bound decides.
jest.mock('../files/count-tokens', () => {
  const actual = jest.requireActual('../files/count-tokens');
  return { ...actual, countTokens: jest.fn(actual.countTokens) };
});
const counted = countTokens as jest.MockedFunction<typeof countTokens>;
const exact = (text: string) =>
  (jest.requireActual('../files/count-tokens') as typeof import('../files/count-tokens')).countTokens(text);

const shared: PromptShared = { project: 'lib', projectRoot: 'libs/lib', scope: 'project', context: '' };
const MODEL = 'gpt-5.5';

function file(path: string, content: string): SelectedFile {
  return { path, content, bytes: Buffer.byteLength(content) };
}

/** TypeScript-like source of about `lines` lines. */
function source(name: string, lines: number): string {
  return Array.from(
    { length: lines },
    (_, i) =>
      `export function ${name}Step${i}(total: number): number {\n  return total * ${i + 1} + ${name.length};\n}`,
  ).join('\n');
}

/** Text that tokenizes badly (about 1.6 bytes a token): the byte estimate undercounts it. */
function dense(seed: number, chars: number): string {
  const alphabet = '0123456789!@#$%^&*()[]{};:,.<>?/|~`ÄÖÜßéè';
  let state = seed;
  let text = '';
  for (let i = 0; i < chars; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[state % alphabet.length];
    if (i % 60 === 59) text += '\n';
  }
  return text;
}

beforeEach(() => counted.mockClear());

describe('planPrompts', () => {
  it('sends a project whose prompt fits the budget in bytes as one call, without the tokenizer', () => {
    const files = [file('libs/lib/src/a.ts', source('a', 10)), file('libs/lib/src/b.ts', source('b', 10))];
    const plan = planPrompts(files, shared, { budget: 100_000, target: 16_000, model: MODEL });
    expect(plan.prompts).toHaveLength(1);
    expect(plan.prompts[0].prompt).toBe(buildReviewPrompt({ ...shared, files }));
    expect(plan.prompts[0].tokens).toBe(Buffer.byteLength(plan.prompts[0].prompt));
    expect(counted).not.toHaveBeenCalled();
  });

  it('chunks a large project by bytes: every file once, every call within budget, the tokenizer never loaded', () => {
    const files = Array.from({ length: 60 }, (_, i) =>
      file(`libs/lib/src/f${String(i).padStart(2, '0')}.ts`, source(`f${i}`, 40)),
    );
    const budget = 30_000;
    const plan = planPrompts(files, shared, { budget, target: 4_000, model: MODEL });
    expect(counted).not.toHaveBeenCalled();
    expect(plan.prompts.length).toBeGreaterThan(3);
    expect(plan.skipped).toEqual([]);
    expect(plan.prompts.flatMap((call) => call.files).sort()).toEqual(files.map((f) => f.path).sort());
    for (const call of plan.prompts) {
      const chunkFiles = files.filter((f) => call.files.includes(f.path));
      expect(call.prompt).toBe(buildReviewPrompt({ ...shared, files: chunkFiles }));
      // The reported figure is an upper bound of the real count, and the real count fits.
      expect(call.tokens).toBeGreaterThanOrEqual(exact(call.prompt));
      expect(call.tokens).toBeLessThanOrEqual(budget);
    }
  });

  it('counts exactly when the byte estimate is wrong for the text, and still keeps every call within budget', () => {
    const files = Array.from({ length: 12 }, (_, i) => file(`libs/lib/data/d${i}.txt`, dense(i + 1, 2_400)));
    const budget = 6_000;
    const plan = planPrompts(files, shared, { budget, target: 6_000, model: MODEL });
    expect(counted).toHaveBeenCalled();
    expect(plan.prompts.flatMap((call) => call.files).sort()).toEqual(files.map((f) => f.path).sort());
    for (const call of plan.prompts) {
      expect(call.tokens).toBe(exact(call.prompt));
      expect(call.tokens).toBeLessThanOrEqual(budget);
    }
  });

  it('keeps a file that is over the budget in bytes but fits it in tokens', () => {
    const big = file('libs/lib/src/big.ts', source('big', 300));
    const bytes = Buffer.byteLength(big.content);
    const budget = Math.ceil(bytes * 0.6);
    expect(exact(big.content)).toBeLessThan(budget * 0.8);
    const plan = planPrompts([big], shared, { budget, target: budget, model: MODEL });
    expect(plan.skipped).toEqual([]);
    expect(plan.prompts).toHaveLength(1);
    expect(plan.prompts[0].tokens).toBe(exact(plan.prompts[0].prompt));
  });
});
