/** Cuts a stream of text into lines (`\n` or `\r\n`); `end` hands over an unterminated last line. */
export class LineSplitter {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(text: string): void {
    if (!text.includes('\n')) {
      this.pending += text;
      return;
    }
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(withoutCarriageReturn(line));
  }

  end(): void {
    const rest = this.pending;
    this.pending = '';
    if (rest) this.onLine(withoutCarriageReturn(rest));
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
