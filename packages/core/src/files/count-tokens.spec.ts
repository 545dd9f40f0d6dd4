import { countTokens, encodingForModel } from './count-tokens';

describe('encodingForModel', () => {
  it.each([
    ['gpt-5.5', 'o200k_base'],
    ['gpt-5-codex', 'o200k_base'],
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['o3', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['openai/gpt-5', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['some-local-model', 'o200k_base'],
    [undefined, 'o200k_base'],
  ])('%s uses %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });
});

describe('countTokens', () => {
  it('counts with the encoding of the model', () => {
    // Known counts: o200k merges this phrase differently from cl100k.
    const text = 'Reviewing TypeScript: const x = await fetchUser(id);';
    const o200k = countTokens(text, 'gpt-5');
    const cl100k = countTokens(text, 'gpt-4');
    expect(o200k).toBeGreaterThan(5);
    expect(cl100k).toBeGreaterThan(5);
    expect(countTokens(text)).toBe(o200k);
    expect(countTokens('hello world', 'gpt-5')).toBe(2);
    expect(countTokens('hello world', 'gpt-3.5-turbo')).toBe(2);
  });

  it('counts special-token text in source code as plain text instead of throwing', () => {
    expect(countTokens('const eot = "<|endoftext|>";', 'gpt-5')).toBeGreaterThan(5);
    expect(countTokens('<|endoftext|>', 'gpt-4')).toBeGreaterThan(1);
  });

  it('returns 0 for empty text and grows with the text', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('word '.repeat(100))).toBeGreaterThan(countTokens('word '.repeat(10)));
  });
});
