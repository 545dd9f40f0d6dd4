import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The MCP stdio server transport, but a bad line gets a JSON-RPC error and the session goes on.
 * The SDK's StdioServerTransport reports a malformed line only to `onerror` (the client waits for
 * an answer that never comes), and on more than 10 MiB of buffered input it closes itself: the
 * server then exited with code 0 and nothing on stderr. Here each line is judged alone: too long,
 * not JSON, or not a JSON-RPC message, it is answered with an error (with the request's id when
 * one can be read) and dropped.
 */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** How much of the start and end of an oversized line we keep to find its id. */
const ID_SCAN_CHARS = 4096;

type RequestId = string | number | null;

export class LineStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  private size = 0;
  /** Set while we skip the rest of a line that went over the limit: its start and its total size. */
  private oversized?: { head: string; tail: string; bytes: number };
  private readonly ondata = (chunk: Buffer): void => this.append(chunk);
  private readonly onstreamerror = (error: Error): void => this.onerror?.(error);

  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.ondata);
    this.input.on('error', this.onstreamerror);
  }

  async close(): Promise<void> {
    this.input.off('data', this.ondata);
    this.input.off('error', this.onstreamerror);
    this.chunks = [];
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  private append(chunk: Buffer | string): void {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let newline = rest.indexOf(0x0a); newline !== -1; newline = rest.indexOf(0x0a)) {
      this.take(rest.subarray(0, newline));
      this.endLine();
      rest = rest.subarray(newline + 1);
    }
    if (rest.length) this.take(rest);
  }

  private take(part: Buffer): void {
    if (this.oversized) {
      this.oversized.bytes += part.length;
      this.oversized.tail = (this.oversized.tail + part.subarray(-ID_SCAN_CHARS).toString('utf8')).slice(
        -ID_SCAN_CHARS,
      );
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
    if (this.size > this.maxLineBytes) {
      const line = Buffer.concat(this.chunks);
      this.oversized = {
        head: line.subarray(0, ID_SCAN_CHARS).toString('utf8'),
        tail: line.subarray(-ID_SCAN_CHARS).toString('utf8'),
        bytes: line.length,
      };
      this.chunks = [];
      this.size = 0;
    }
  }

  private endLine(): void {
    if (this.oversized) {
      const { head, tail, bytes } = this.oversized;
      this.oversized = undefined;
      this.reject(
        idOfOversized(head, tail),
        ErrorCode.InvalidRequest,
        `Message too large: ${size(bytes)} on one line; this server accepts at most ${size(this.maxLineBytes)} per JSON-RPC message. Send less (a shorter prompt, fewer files); the session goes on.`,
      );
      return;
    }
    const text = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.reject(
        null,
        ErrorCode.ParseError,
        `Parse error: the line is not JSON (${(error as Error).message}). Each JSON-RPC message must be one line of JSON.`,
      );
      return;
    }
    const message = JSONRPCMessageSchema.safeParse(parsed);
    if (!message.success) {
      const id = (parsed as { id?: unknown } | null)?.id;
      this.reject(
        typeof id === 'string' || typeof id === 'number' ? id : null,
        ErrorCode.InvalidRequest,
        'Invalid Request: the JSON is not a JSON-RPC 2.0 request, notification or response.',
      );
      return;
    }
    this.onmessage?.(message.data);
  }

  private reject(id: RequestId, code: ErrorCode, message: string): void {
    this.onerror?.(new Error(message));
    // A JSON-RPC error response; `id: null` when the request's id could not be read (JSON-RPC 2.0 §5).
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.)*"|-?\d+)`;

/**
 * The id of a request too large to parse, from its first and last characters: before `"params"`
 * when it comes first, or as the last member (the MCP SDK writes `{method, params, jsonrpc, id}`).
 */
function idOfOversized(head: string, tail: string): RequestId {
  const beforeParams = head.split('"params"')[0] ?? '';
  const match =
    new RegExp(`"id"\\s*:\\s*${ID_VALUE}`).exec(beforeParams) ??
    new RegExp(`"id"\\s*:\\s*${ID_VALUE}\\s*(?:,\\s*"jsonrpc"\\s*:\\s*"2\\.0"\\s*)?}\\s*$`).exec(tail);
  if (!match?.[1]) return null;
  return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : Number(match[1]);
}
