export type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoder {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

const encoders = new Map<EncodingName, Encoder>();
// Source code may contain text such as "<|endoftext|>": count it as text, never reject it.
const TEXT_ONLY = { disallowedSpecial: new Set<string>() };

/**
 * The tokenizer of a model: o200k_base for gpt-4o, gpt-4.1, gpt-5*, o-series and anything
 * unknown (newer models use it); cl100k_base for gpt-4 (non-o), gpt-4-turbo and gpt-3.5.
 */
export function encodingForModel(model: string | undefined): EncodingName {
  const name = (model ?? '').toLowerCase().replace(/^.*\//, '');
  if (/^gpt-3\.5/.test(name)) return 'cl100k_base';
  if (/^gpt-4(-|$)/.test(name) && !/^gpt-4o/.test(name)) return 'cl100k_base';
  return 'o200k_base';
}

export function countTokens(text: string, model?: string): number {
  if (text === '') return 0;
  return loadEncoder(encodingForModel(model)).countTokens(text, TEXT_ONLY);
}

function loadEncoder(name: EncodingName): Encoder {
  let encoder = encoders.get(name);
  if (!encoder) {
    // The encodings are megabytes of tables: load one only when a count needs it.
    encoder = (
      name === 'cl100k_base'
        ? require('gpt-tokenizer/encoding/cl100k_base')
        : require('gpt-tokenizer/encoding/o200k_base')
    ) as Encoder;
    encoders.set(name, encoder);
  }
  return encoder;
}
