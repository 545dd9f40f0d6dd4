// tools/testing's self-hosted Nx remote cache: the API Nx uses, and idle connections left to the client.
import * as http from 'node:http';
import { startRemoteCache } from './index';

type Cache = Awaited<ReturnType<typeof startRemoteCache>>;

function request(
  cache: Cache,
  method: string,
  path: string,
  options: { agent?: http.Agent; token?: string; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${cache.url}${path}`,
      { method, agent: options.agent, headers: { authorization: `Bearer ${options.token ?? cache.token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('startRemoteCache', () => {
  let cache: Cache;
  beforeAll(async () => {
    cache = await startRemoteCache({ token: 't0k' });
  });
  afterAll(() => cache?.stop());

  it('stores a PUT once, answers GET with it, refuses a wrong token', async () => {
    expect((await request(cache, 'GET', '/v1/cache/abc')).status).toBe(404);
    expect((await request(cache, 'PUT', '/v1/cache/abc', { body: 'tarball' })).status).toBe(200);
    expect((await request(cache, 'PUT', '/v1/cache/abc', { body: 'other' })).status).toBe(409);
    expect(await request(cache, 'GET', '/v1/cache/abc')).toMatchObject({ status: 200, body: 'tarball' });
    expect((await request(cache, 'GET', '/v1/cache/abc', { token: 'wrong' })).status).toBe(403);
    expect(await cache.stats()).toEqual({ get: 2, hit: 1, put: 1, entries: 1 });
  });

  it('never closes an idle keep-alive connection itself (no Keep-Alive timeout races the client reusing it)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await request(cache, 'GET', '/v1/cache/none', { agent });
      expect(first.headers.connection).toBe('keep-alive');
      // Node announces and enforces "Keep-Alive: timeout=5" by default; Nx's client pools for 90 s.
      expect(first.headers['keep-alive']).toBeUndefined();
    } finally {
      agent.destroy();
    }
  });

  it('stops while a client still holds an idle connection', async () => {
    const own = await startRemoteCache();
    const agent = new http.Agent({ keepAlive: true });
    try {
      await request(own, 'GET', '/__stats', { agent });
      await own.stop();
      expect(() => process.kill(own.pid, 0)).toThrow();
    } finally {
      agent.destroy();
    }
  });
});
