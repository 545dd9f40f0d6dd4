/**
 * A self-hosted Nx remote cache (the HTTP API behind NX_SELF_HOSTED_REMOTE_CACHE_SERVER):
 * GET/PUT /v1/cache/{hash}, 409 on a second PUT of a hash. Enough to prove that a team shares reviews.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RemoteCache {
  url: string;
  token: string;
  entries: Map<string, Buffer>;
  stop(): Promise<void>;
}

export async function startRemoteCache(token = 'e2e-token'): Promise<RemoteCache> {
  const entries = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const match = /^\/v1\/cache\/([^/?]+)/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(403).end();
    const hash = match[1];
    if (req.method === 'GET') {
      const entry = entries.get(hash);
      if (!entry) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.length }).end(entry);
      return;
    }
    if (req.method === 'PUT') {
      if (entries.has(hash)) return void res.writeHead(409).end();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        entries.set(hash, Buffer.concat(chunks));
        res.writeHead(200).end();
      });
      return;
    }
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    entries,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
