import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineStdioServerTransport } from './stdio-transport';

/** A transport over in-memory streams with a small line limit; collects what it answers and passes on. */
async function open(maxLineBytes = 1024) {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new LineStdioServerTransport(input, output, maxLineBytes);
  const received: JSONRPCMessage[] = [];
  const errors: string[] = [];
  let closed = false;
  transport.onmessage = (message) => received.push(message);
  transport.onerror = (error) => errors.push(error.message);
  transport.onclose = () => (closed = true);
  await transport.start();
  const answers = () =>
    (output.read()?.toString() ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line: string) => JSON.parse(line));
  return { input, transport, received, errors, answers, closed: () => closed };
}

const ping = (id: number) => `${JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' })}\n`;

describe('LineStdioServerTransport', () => {
  it('passes JSON-RPC lines on, split across chunks or several in one', async () => {
    const t = await open();
    const [first, second] = [ping(1), ping(2)];
    t.input.write(first.slice(0, 10));
    t.input.write(first.slice(10) + second);
    expect(t.received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
  });

  it('answers a line that is not JSON with a parse error and goes on', async () => {
    const t = await open();
    t.input.write('{"jsonrpc":"2.0","id":3,"method":\n');
    t.input.write(ping(4));
    expect(t.answers()).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: expect.stringContaining('Parse error: the line is not JSON') },
      },
    ]);
    expect(t.received).toEqual([{ jsonrpc: '2.0', id: 4, method: 'ping' }]);
    expect(t.closed()).toBe(false);
  });

  it('answers JSON that is not JSON-RPC with an invalid-request error for its id', async () => {
    const t = await open();
    t.input.write('{"id":7,"hello":"world"}\n[1,2]\n');
    expect(t.answers()).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32600, message: expect.stringContaining('Invalid Request') } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringContaining('Invalid Request') } },
    ]);
  });

  it('answers an oversized line with an error for its id, wherever the id is, and stays open', async () => {
    const t = await open(1024);
    const big = 'x'.repeat(5000);
    // The MCP SDK writes the id last; other clients write it first.
    t.input.write(
      `${JSON.stringify({ method: 'tools/call', params: { name: 'codex', arguments: { prompt: big } }, jsonrpc: '2.0', id: 11 })}\n`,
    );
    t.input.write(
      `{"jsonrpc":"2.0","id":"req-12","method":"tools/call","params":{"arguments":{"prompt":"${big.slice(0, 600)}`,
    );
    t.input.write(`${big}"}}}\n`);
    t.input.write(ping(13));
    expect(t.answers()).toEqual([
      {
        jsonrpc: '2.0',
        id: 11,
        error: {
          code: -32600,
          message: expect.stringMatching(
            /^Message too large: \d+ bytes on one line; this server accepts at most 1024 bytes per JSON-RPC message/,
          ),
        },
      },
      { jsonrpc: '2.0', id: 'req-12', error: { code: -32600, message: expect.stringContaining('Message too large') } },
    ]);
    expect(t.received).toEqual([{ jsonrpc: '2.0', id: 13, method: 'ping' }]);
    expect(t.errors).toHaveLength(2);
    expect(t.closed()).toBe(false);
  });
});
