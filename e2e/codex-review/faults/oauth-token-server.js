'use strict';
/**
 * A stand-in for auth.openai.com's token endpoint, as codex 0.169 uses it (POST JSON
 * {client_id, grant_type: "refresh_token", refresh_token}): refresh tokens are single-use and
 * rotate; a used one gets 401 {"error":{"code":"refresh_token_reused"}}, as OpenAI answers.
 * Codex is pointed here with CODEX_REFRESH_TOKEN_URL_OVERRIDE=http://127.0.0.1:PORT/oauth/token,
 * and its ChatGPT backend calls with chatgpt_base_url=http://127.0.0.1:PORT/backend-api (404).
 *
 *   node oauth-token-server.js --refresh-token rt-0 [--delay-ms N]
 * prints `oauth-token-server listening on PORT`; GET /__log returns the token requests.
 * Exits when its parent process is gone.
 */
const http = require('node:http');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
let valid = option('--refresh-token', 'rt-0');
const delayMs = Number(option('--delay-ms', '0'));
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`;
const log = [];
let issued = 0;

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/__log') return void res.end(JSON.stringify(log));
    if (req.url !== '/oauth/token') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":"not here"}');
    }
    let request = {};
    try {
      request = JSON.parse(body);
    } catch {
      // logged as sent
    }
    const accepted = request.grant_type === 'refresh_token' && request.refresh_token === valid;
    log.push({ time: Date.now(), refreshToken: request.refresh_token, accepted });
    if (accepted) valid = `rt-${++issued}`;
    const newToken = valid;
    setTimeout(() => {
      if (!accepted) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            error: { code: 'refresh_token_reused', message: 'This refresh token has already been used.' },
          }),
        );
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: jwt({ exp: Math.floor(Date.now() / 1000) + 10 * 24 * 3600, n: issued }),
          id_token: jwt({
            email: 'e2e@example.invalid',
            'https://api.openai.com/auth': { chatgpt_account_id: 'acct-e2e', chatgpt_plan_type: 'plus' },
          }),
          refresh_token: newToken,
        }),
      );
    }, delayMs);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`oauth-token-server listening on ${server.address().port}`));
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 500).unref();
process.on('SIGTERM', () => process.exit(0));
