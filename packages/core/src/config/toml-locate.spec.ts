import { parse } from 'smol-toml';
import { locateKeys, splitDottedKey } from './toml-locate';

const line = (text: string, path: string[]) => locateKeys(text).find(path)?.line;

describe('locateKeys', () => {
  it('finds top-level keys, table headers and keys inside tables', () => {
    const text = [
      '# comment',
      'model = "gpt-5.5"',
      '',
      '[features]',
      'plugins = false',
      '  shell_snapshot = true # trailing',
      '[model_providers.local]',
      'base_url = "http://x"',
    ].join('\n');
    expect(line(text, ['model'])).toBe(2);
    expect(line(text, ['features'])).toBe(4);
    expect(line(text, ['features', 'plugins'])).toBe(5);
    expect(locateKeys(text).exact(['features', 'shell_snapshot'])).toEqual({ line: 6, column: 3 });
    expect(line(text, ['model_providers'])).toBe(7);
    expect(line(text, ['model_providers', 'local', 'base_url'])).toBe(8);
  });

  it('handles dotted keys, quoted keys with dots, and the same key name in different tables', () => {
    const text = [
      'model_providers.local.name = "local"',
      '"a.b" = 1',
      "'lit.key'.x = 2",
      '[projects."/home/me/ws"]',
      'trust_level = "trusted"',
      '[other]',
      'trust_level = "x"',
    ].join('\n');
    expect(parse(text)).toBeDefined();
    expect(line(text, ['model_providers', 'local', 'name'])).toBe(1);
    expect(line(text, ['model_providers'])).toBe(1);
    expect(line(text, ['a.b'])).toBe(2);
    expect(line(text, ['a'])).toBeUndefined();
    expect(line(text, ['lit.key', 'x'])).toBe(3);
    expect(line(text, ['projects', '/home/me/ws', 'trust_level'])).toBe(5);
    expect(line(text, ['other', 'trust_level'])).toBe(7);
  });

  it('is not fooled by multi-line strings and arrays that look like keys or tables', () => {
    const text = [
      'instructions = """',
      'model = "not a key"',
      '[not.a.table]',
      '"""',
      "notify = ['a', # comment with ] and =",
      '  "b]",',
      ']',
      "developer_instructions = '''",
      "x = 1 '''",
      'model = "real"',
      'escaped = "quote \\" [x] = 1"',
      'sandbox_mode = "read-only"',
    ].join('\n');
    expect(parse(text)).toBeDefined();
    expect(line(text, ['instructions'])).toBe(1);
    expect(line(text, ['not'])).toBeUndefined();
    expect(line(text, ['notify'])).toBe(5);
    expect(line(text, ['developer_instructions'])).toBe(8);
    expect(line(text, ['model'])).toBe(10);
    expect(line(text, ['sandbox_mode'])).toBe(12);
  });

  it('records the keys of inline tables at their own line, and falls back to the nearest ancestor', () => {
    const text = [
      '[model_providers]',
      'local = { name = "local", base_url = "http://127.0.0.1/v1", http_headers = { X = "y" } }',
      'other = {',
      '}',
    ].join('\n');
    const locator = locateKeys(text);
    expect(locator.exact(['model_providers', 'local', 'base_url'])?.line).toBe(2);
    expect(locator.exact(['model_providers', 'local', 'http_headers', 'X'])?.line).toBe(2);
    expect(locator.find(['model_providers', 'local', 'missing'])?.line).toBe(2);
    expect(locator.find(['model_providers', 'nope'])?.line).toBe(1);
  });

  it('counts arrays of tables and CRLF line ends', () => {
    const text = ['[[hooks.pre]]', 'command = "a"', '[[hooks.pre]]', 'command = "b"', 'model = "x"'].join('\r\n');
    expect(parse(text)).toBeDefined();
    const locator = locateKeys(text);
    expect(locator.exact(['hooks', 'pre'])?.line).toBe(1);
    expect(locator.exact(['hooks', 'pre', '0', 'command'])?.line).toBe(2);
    expect(locator.exact(['hooks', 'pre', '1', 'command'])?.line).toBe(4);
    expect(locator.exact(['hooks', 'pre', '1', 'model'])?.line).toBe(5);
  });
});

describe('splitDottedKey', () => {
  it('splits like TOML, keeping quoted segments whole', () => {
    expect(splitDottedKey('model')).toEqual(['model']);
    expect(splitDottedKey('features.plugins')).toEqual(['features', 'plugins']);
    expect(splitDottedKey('model_providers."my.provider".base_url')).toEqual([
      'model_providers',
      'my.provider',
      'base_url',
    ]);
    expect(splitDottedKey('not a key')).toEqual(['not a key']);
  });
});
