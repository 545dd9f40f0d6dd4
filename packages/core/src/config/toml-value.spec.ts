import { tomlDottedKey, toTomlValue } from './toml-value';

describe('toTomlValue', () => {
  it('writes scalars, arrays and inline tables', () => {
    expect(toTomlValue('a "quoted"\nline')).toBe('"a \\"quoted\\"\\nline"');
    expect(toTomlValue(3)).toBe('3');
    expect(toTomlValue(0.5)).toBe('0.5');
    expect(toTomlValue(false)).toBe('false');
    expect(toTomlValue(['a', 1])).toBe('["a", 1]');
    expect(toTomlValue({ name: 'x', 'with space': { n: 1 }, gone: undefined })).toBe(
      '{name = "x", "with space" = {n = 1}}',
    );
  });

  it('refuses values without a TOML form', () => {
    expect(() => toTomlValue(null, 'features')).toThrow('features: null has no TOML form');
  });

  it('quotes dotted key segments that are not bare', () => {
    expect(tomlDottedKey('model_providers.my provider.base_url')).toBe('model_providers."my provider".base_url');
  });
});
