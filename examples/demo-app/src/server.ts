import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPrice, paginate, RateLimiter } from '../../demo-lib/src';
import { findProducts } from './products';

const limiter = new RateLimiter(100, 60_000);
const STATIC_DIR = join(__dirname, 'public');

export async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!limiter.allow(req.headers['x-forwarded-for'] as string)) {
    res.writeHead(429).end();
    return;
  }
  if (url.pathname.startsWith('/static/')) {
    const file = join(STATIC_DIR, url.pathname.slice('/static/'.length));
    res.end(await readFile(file));
    return;
  }
  if (url.pathname === '/products') {
    const page = Number(url.searchParams.get('page') ?? '1');
    const products = findProducts(url.searchParams.get('q') ?? '');
    const result = paginate(products, page, 20);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ...result, items: result.items.map((p) => ({ ...p, price: formatPrice(p.cents) })) }));
    return;
  }
  res.writeHead(404).end();
}

export function start(port = 3000) {
  return createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  }).listen(port);
}
