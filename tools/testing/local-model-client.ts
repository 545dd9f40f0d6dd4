// Test support: a raw Responses API client for tools/local-model, and small waiting helpers.
import * as http from 'node:http';
import * as net from 'node:net';

export interface SseReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed SSE JSON; the specs read it field by field
  events: Array<{ event: string; data: any }>;
  error?: string;
}

/** POSTs a Responses API request and reads the whole reply (or notes that the socket was cut). */
export function post(url: string, body: unknown): Promise<SseReply> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      `${url}/responses`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', authorization: 'Bearer secret-123' },
      },
      (res) => {
        let raw = '';
        const done = (error?: string) => {
          const events = raw
            .split('\n\n')
            .filter((block) => block.startsWith('event: '))
            .map((block) => {
              const [eventLine, dataLine] = block.split('\n');
              return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) };
            });
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, events, error });
        };
        res.setEncoding('utf8').on('data', (chunk) => (raw += chunk));
        res.on('end', () => done());
        res.on('error', (error) => done(error.message));
        res.on('aborted', () => done('aborted'));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const userInput = (text: string) => ({
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }],
});

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}
