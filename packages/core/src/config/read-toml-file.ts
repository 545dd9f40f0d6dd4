import { readFileSync, statSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { CodexConfigError } from './errors';
import { KeyLocator, locateKeys } from './toml-locate';

export interface TomlFile {
  path: string;
  text: string;
  table: Record<string, unknown>;
  locator: KeyLocator;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/**
 * The largest settings file read. Codex configs are a few KB; Nx hashes every codex target with
 * the settings fingerprint, and an 11 MB config took 8 s and 622 MB to parse there. The size is
 * checked before a byte is read, so time and memory stay bounded whatever the file.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A code frame like Codex's and smol-toml's: the numbered line and a caret under the column. */
export function codeFrame(text: string, line: number, column?: number): string {
  const lineText = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  const gutter = String(line);
  const caret = column === undefined ? '' : `\n${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1))}^`;
  return `${gutter} | ${lineText}${caret}`;
}

/** Byte offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // Overlong 3/4-byte forms, UTF-16 surrogates and code points above U+10FFFF.
    const second = bytes[i + 1];
    if (
      (b === 0xe0 && second < 0xa0) ||
      (b === 0xed && second > 0x9f) ||
      (b === 0xf0 && second < 0x90) ||
      (b === 0xf4 && second > 0x8f)
    )
      return i;
    i += length;
  }
  return -1;
}

function readBytes(file: string, what: string): Buffer | undefined {
  let isDirectory: boolean;
  let isFile: boolean;
  let size: number;
  try {
    const stat = statSync(file);
    isDirectory = stat.isDirectory();
    isFile = stat.isFile();
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (MISSING.has(code)) return undefined;
    throw new CodexConfigError(
      `${what} ${file} cannot be examined (${code || (error as Error).message}). Check the permissions of its folder.`,
      { file },
    );
  }
  if (isDirectory) {
    throw new CodexConfigError(
      `${what} ${file} is a directory, not a file. Codex reads its settings from a file at that path: remove or rename the directory.`,
      { file },
    );
  }
  if (!isFile) {
    throw new CodexConfigError(`${what} ${file} is not a regular file. Replace it with a TOML file (or remove it).`, {
      file,
    });
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new CodexConfigError(
      `${what} ${file} is ${(size / 1024 / 1024).toFixed(1)} MB; nx-codex reads settings files of at most ${MAX_CONFIG_BYTES / 1024 / 1024} MB (a Codex config is a few KB). Move large text out of it (long instructions into a file named by \`model_instructions_file\`), then run again.`,
      { file },
    );
  }
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code || (error as Error).message;
    throw new CodexConfigError(
      `${what} ${file} cannot be read (${reason}). Give your user read access (\`chmod u+r ${file}\`), or remove the file.`,
      { file },
    );
  }
}

function decodeUtf8(bytes: Buffer, file: string, what: string): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad);
    const line = before.filter((byte) => byte === 0x0a).length + 1;
    const column = bad - (before.lastIndexOf(0x0a) + 1) + 1;
    const byte = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new CodexConfigError(
      `${file}:${line}:${column}: ${what} is not valid UTF-8 (byte 0x${byte} at offset ${bad}). Codex refuses such a file too: re-save it as UTF-8.`,
      { file, line, column },
    );
  }
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function syntaxError(error: TomlError, text: string, file: string, what: string): CodexConfigError {
  const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
  const frame = codeFrame(text, error.line, error.column);
  return new CodexConfigError(
    `${file}:${error.line}:${error.column}: TOML syntax error in ${what}: ${reason}\n${frame}\nFix the TOML at that line (Codex cannot read this file either).`,
    { file, line: error.line, column: error.column },
  );
}

/**
 * Reads and parses one settings file. A missing file is `undefined` (Codex's defaults apply);
 * anything else that keeps it from being read is a CodexConfigError that names the file.
 * @param what how the message names the file, e.g. "Codex user config"
 */
export function readTomlFile(file: string, what: string): TomlFile | undefined {
  const bytes = readBytes(file, what);
  if (bytes === undefined) return undefined;
  const text = decodeUtf8(bytes, file, what);
  let table: Record<string, unknown>;
  try {
    table = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) throw syntaxError(error, text, file, what);
    throw error;
  }
  return { path: file, text, table, locator: locateKeys(text) };
}
