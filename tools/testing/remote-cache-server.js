'use strict';
// A self-hosted Nx remote cache (the HTTP API behind NX_SELF_HOSTED_REMOTE_CACHE_SERVER):
// GET/PUT /v1/cache/{hash}, 409 on a second PUT of a hash, bearer token required.
// Runs as its own process (tests call nx with spawnSync, which would block an in-process server).
// Usage: node remote-cache-server.js TOKEN   -> prints "remote-cache listening on http://127.0.0.1:PORT"
const http = require('node:http');

const token = process.argv[2] ?? 'token';
const entries = new Map();
const counts = { get: 0, hit: 0, put: 0 };

const server = http.createServer((req, res) => {
  if (req.url === '/__stats')
    return void res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ...counts, entries: entries.size }));
  const match = /^\/v1\/cache\/([^/?]+)/.exec(req.url ?? '');
  if (!match) return void res.writeHead(404).end();
  if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(403).end();
  const hash = match[1];
  if (req.method === 'GET') {
    counts.get++;
    const entry = entries.get(hash);
    if (!entry) return void res.writeHead(404).end();
    counts.hit++;
    return void res
      .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.length })
      .end(entry);
  }
  if (req.method === 'PUT') {
    if (entries.has(hash)) return void res.writeHead(409).end();
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      entries.set(hash, Buffer.concat(chunks));
      counts.put++;
      res.writeHead(200).end();
    });
    return;
  }
  res.writeHead(405).end();
});
// Never close an idle keep-alive connection from this side. Node's default (5 s) races Nx's client,
// which keeps idle connections for 90 s: under load Nx sent a GET or PUT on a connection this
// server was closing, and the task failed with "Failed to send request … /v1/cache/…". The client
// closes its idle connections; stop() closes whatever is left.
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(
    `remote-cache listening on http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}\n`,
  ),
);
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
