import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { CodexConfigError } from './errors';
import { codeFrame, firstInvalidUtf8, MAX_CONFIG_BYTES, readTomlFile } from './read-toml-file';
import { configFixture, type ConfigFixture, errorOf } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => (fx = configFixture()));
afterEach(() => fx.cleanup());

describe('readTomlFile', () => {
  it('returns undefined for a missing file (defaults apply)', () => {
    expect(readTomlFile(path.join(fx.home, 'config.toml'), 'Codex user config')).toBeUndefined();
    expect(readTomlFile(path.join(fx.root, 'no-dir', 'config.toml'), 'Codex user config')).toBeUndefined();
  });

  it('reports a TOML syntax error with file, line, column and the offending line', () => {
    const file = fx.write('home/config.toml', 'model = "gpt-5.5"\n[features]\nplugins = = false\n');
    const error = errorOf(() => readTomlFile(file, 'Codex user config'));
    expect(error.file).toBe(file);
    expect(error.line).toBe(3);
    expect(error.column).toBe(11);
    expect(error.message).toBe(
      `${file}:3:11: TOML syntax error in Codex user config: invalid value\n3 | plugins = = false\n  |           ^\nFix the TOML at that line (Codex cannot read this file either).`,
    );
  });

  it('reports a duplicate key at its line', () => {
    const file = fx.write('home/config.toml', 'model = "a"\n\nmodel = "b"\n');
    const error = errorOf(() => readTomlFile(file, 'Codex user config'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('3 | model = "b"');
  });

  it('reports a file that is not UTF-8 with the line and column of the first bad byte', () => {
    const file = fx.write(
      'home/config.toml',
      Buffer.concat([Buffer.from('model = "gpt-5.5"\nmodel_provider = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]),
    );
    const error = errorOf(() => readTomlFile(file, 'Codex user config'));
    expect(error.line).toBe(2);
    expect(error.column).toBe(22);
    expect(error.message).toBe(
      `${file}:2:22: Codex user config is not valid UTF-8 (byte 0xE9 at offset 39). Codex refuses such a file too: re-save it as UTF-8.`,
    );
  });

  it('accepts UTF-8 text and a byte-order mark', () => {
    const file = fx.write('home/config.toml', '\uFEFFmodel = "café ☕ 𝄞"\n');
    expect(readTomlFile(file, 'x')?.table).toEqual({ model: 'café ☕ 𝄞' });
  });

  it('refuses a settings file over the size limit before reading it, and reads one at the limit', () => {
    const huge = fx.write('home/config.toml', 'model = "a"\n');
    truncateSync(huge, 11 * 1024 * 1024);
    const error = errorOf(() => readTomlFile(huge, 'Codex user config'));
    expect(error).toBeInstanceOf(CodexConfigError);
    expect(error.message).toBe(
      `Codex user config ${huge} is 11.0 MB; nx-codex reads settings files of at most 1 MB (a Codex config is a few KB). Move large text out of it (long instructions into a file named by \`model_instructions_file\`), then run again.`,
    );
    const atLimit = fx.write('home/limit.toml', `model = "a"\n#${'x'.repeat(MAX_CONFIG_BYTES - 14)}\n`);
    expect(readTomlFile(atLimit, 'x')?.table).toEqual({ model: 'a' });
  });

  it('reports a directory where the file should be', () => {
    const dir = path.join(fx.home, 'config.toml');
    mkdirSync(dir);
    const error = errorOf(() => readTomlFile(dir, 'Codex user config'));
    expect(error.message).toBe(
      `Codex user config ${dir} is a directory, not a file. Codex reads its settings from a file at that path: remove or rename the directory.`,
    );
  });

  it('reports an unreadable file (chmod 000) as permission denied', () => {
    const file = fx.write('home/config.toml', 'model = "o3"\n');
    chmodSync(file, 0o000);
    const expected = `Codex user config ${file} cannot be read (permission denied). Give your user read access (\`chmod u+r ${file}\`), or remove the file.`;
    if (process.getuid?.() !== 0) {
      expect(errorOf(() => readTomlFile(file, 'Codex user config')).message).toBe(expected);
      return;
    }
    // root reads a file whatever its mode, so chmod 000 blocks nothing here: check that honestly...
    expect(readTomlFile(file, 'Codex user config')?.table).toEqual({ model: 'o3' });
    // ...and check the denied read as the unprivileged user `nobody`, in a child process, against the built module.
    const built = path.resolve(__dirname, '../../dist/config/read-toml-file.js');
    if (!existsSync(built))
      throw new Error(`${built} is missing: run \`npx nx run core:build\` first (the test target depends on it).`);
    chmodSync(fx.root, 0o755);
    chmodSync(fx.home, 0o755);
    const script = `try { require(${JSON.stringify(built)}).readTomlFile(${JSON.stringify(file)}, 'Codex user config'); console.log('{}'); } catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`;
    const child = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ name: 'CodexConfigError', message: expected });
  });
});

describe('helpers', () => {
  it('firstInvalidUtf8 finds truncated, overlong and surrogate sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('abc é ☕ 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0xf5, 0x80, 0x80, 0x80]))).toBe(0);
  });

  it('codeFrame shows the numbered line and a caret', () => {
    expect(codeFrame('a = 1\r\nb = x\n', 2, 5)).toBe('2 | b = x\n  |     ^');
  });
});
