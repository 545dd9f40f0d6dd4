/**
 * Where keys sit in a TOML document. smol-toml gives values but no positions, so messages that
 * point at `file:line` need this small scanner. It runs on text smol-toml has already accepted, so it
 * only has to follow valid TOML: tables, arrays of tables, dotted and quoted keys, inline tables,
 * and values that span lines (multi-line strings, arrays).
 */

export interface KeyPosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A map key for a path of key segments (segments may contain dots). */
export function pathId(path: readonly string[]): string {
  return path.join('\u0000');
}

export class KeyLocator {
  constructor(private readonly positions: ReadonlyMap<string, KeyPosition>) {}

  /** The position of `path`, else that of its nearest ancestor that has one. */
  find(path: readonly string[]): KeyPosition | undefined {
    for (let length = path.length; length > 0; length--) {
      const found = this.positions.get(pathId(path.slice(0, length)));
      if (found) return found;
    }
    return undefined;
  }

  /** Only an exact hit. */
  exact(path: readonly string[]): KeyPosition | undefined {
    return this.positions.get(pathId(path));
  }
}

const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;
const SCALAR_END = /[,\]}#\r\n]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\u001b',
  '"': '"',
  '\\': '\\',
};

class Scanner {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly positions = new Map<string, KeyPosition>();

  constructor(private readonly text: string) {}

  document(): void {
    let table: string[] = [];
    const arrayCounts = new Map<string, number>();
    while (this.pos < this.text.length) {
      this.skipSpaces();
      const ch = this.peek();
      if (ch === undefined) break;
      if (ch === '\n' || ch === '\r') {
        this.advance();
      } else if (ch === '#') {
        this.skipToLineEnd();
      } else if (ch === '[') {
        const at = this.here();
        const isArray = this.peek(1) === '[';
        this.pos += isArray ? 2 : 1;
        const key = this.readKey();
        this.recordWithParents([], key, at);
        if (isArray) {
          const index = arrayCounts.get(pathId(key)) ?? 0;
          arrayCounts.set(pathId(key), index + 1);
          table = [...key, String(index)];
        } else {
          table = key;
        }
        this.skipToLineEnd();
      } else {
        const start = this.pos;
        this.keyValue(table);
        this.skipToLineEnd();
        if (this.pos === start) this.advance();
      }
    }
  }

  /** The text as one dotted key, or undefined when it is not exactly a key. */
  wholeKey(): string[] | undefined {
    const key = this.readKey();
    return this.pos >= this.text.length && key.every((segment) => segment !== '') ? key : undefined;
  }

  private keyValue(prefix: string[] | undefined): void {
    const at = this.here();
    const key = this.readKey();
    if (prefix) this.recordWithParents(prefix, key, at);
    this.skipSpaces();
    if (this.peek() === '=') this.pos++;
    this.skipSpaces();
    this.value(prefix ? [...prefix, ...key] : undefined);
  }

  /** `path` undefined: inside an array, where positions are not recorded. */
  private value(path: string[] | undefined): void {
    const ch = this.peek();
    if (this.text.startsWith('"""', this.pos)) this.skipMultiline('"""', true);
    else if (this.text.startsWith("'''", this.pos)) this.skipMultiline("'''", false);
    else if (ch === '"') this.readBasicString();
    else if (ch === "'") this.readLiteralString();
    else if (ch === '[') this.array();
    else if (ch === '{') this.inlineTable(path);
    else while (this.pos < this.text.length && !SCALAR_END.test(this.text[this.pos])) this.pos++;
  }

  private array(): void {
    this.pos++;
    while (this.pos < this.text.length) {
      this.skipBlank();
      if (this.peek() === ']') {
        this.pos++;
        return;
      }
      const start = this.pos;
      this.value(undefined);
      this.skipBlank();
      if (this.peek() === ',') this.pos++;
      if (this.pos === start) this.advance();
    }
  }

  private inlineTable(path: string[] | undefined): void {
    this.pos++;
    while (this.pos < this.text.length) {
      this.skipBlank();
      if (this.peek() === '}') {
        this.pos++;
        return;
      }
      const start = this.pos;
      this.keyValue(path);
      this.skipBlank();
      if (this.peek() === ',') this.pos++;
      if (this.pos === start) this.advance();
    }
  }

  private readKey(): string[] {
    const segments: string[] = [];
    for (;;) {
      this.skipSpaces();
      const ch = this.peek();
      if (ch === '"') segments.push(this.readBasicString());
      else if (ch === "'") segments.push(this.readLiteralString());
      else {
        const start = this.pos;
        while (this.pos < this.text.length && BARE_KEY_CHAR.test(this.text[this.pos])) this.pos++;
        segments.push(this.text.slice(start, this.pos));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return segments;
      this.pos++;
    }
  }

  private readBasicString(): string {
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '\n') return out;
      if (ch === '\\') {
        const code = this.text[this.pos + 1];
        const digits = code === 'u' ? 4 : code === 'U' ? 8 : 0;
        if (digits) {
          out += String.fromCodePoint(parseInt(this.text.slice(this.pos + 2, this.pos + 2 + digits), 16));
          this.pos += 2 + digits;
        } else {
          out += SIMPLE_ESCAPES[code] ?? code;
          this.pos += 2;
        }
        continue;
      }
      out += ch;
      this.pos++;
    }
    return out;
  }

  private readLiteralString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const stop = end < 0 ? this.text.length : end;
    const out = this.text.slice(this.pos + 1, stop);
    this.pos = stop + 1;
    return out;
  }

  private skipMultiline(delimiter: string, escapes: boolean): void {
    this.pos += 3;
    while (this.pos < this.text.length) {
      if (escapes && this.text[this.pos] === '\\') {
        this.advance();
        this.advance();
      } else if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += 3;
        // Up to two more quotes belong to the content, right before the closing delimiter.
        while (this.peek() === delimiter[0]) this.pos++;
        return;
      } else {
        this.advance();
      }
    }
  }

  private recordWithParents(prefix: string[], key: string[], at: KeyPosition): void {
    for (let length = 1; length <= key.length; length++) {
      const id = pathId([...prefix, ...key.slice(0, length)]);
      if (!this.positions.has(id)) this.positions.set(id, at);
    }
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  private advance(): void {
    if (this.text[this.pos] === '\n') {
      this.line++;
      this.lineStart = this.pos + 1;
    }
    this.pos++;
  }

  private here(): KeyPosition {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private skipToLineEnd(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
  }

  /** Spaces, newlines and comments: what may sit between the items of an array or inline table. */
  private skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      const ch = this.peek();
      if (ch === '#') this.skipToLineEnd();
      else if (ch === '\n' || ch === '\r') this.advance();
      else return;
    }
  }
}

/** Positions of every key, table header and inline-table key in `text` (first definition wins). */
export function locateKeys(text: string): KeyLocator {
  const scanner = new Scanner(text);
  scanner.document();
  return new KeyLocator(scanner.positions);
}

/**
 * Splits a dotted key as TOML does (`a."b.c".d` is three segments). Used for executor options,
 * whose keys may be dotted like `-c` paths. Anything that is not a clean key stays one segment.
 */
export function splitDottedKey(key: string): string[] {
  return new Scanner(key).wholeKey() ?? [key];
}
