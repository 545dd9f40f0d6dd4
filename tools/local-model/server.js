'use strict';
// The HTTP server: routes, request log, admin API. main.js wraps it in a CLI.
const http = require('node:http');
const fs = require('node:fs');
const { ScenarioRunner, checkScenario, loadScenario } = require('./scenario');
const { answerStep, answerHttpError } = require('./answer');
const { toolOutputCallIds } = require('./request');
const { failurePlan } = require('./fail-rate');

/**
 * @typedef {import('./scenario').Scenario} Scenario
 * @typedef {{ seq: number, time: string, method: string, path: string, headers: Record<string, any>,
 *   body: any, answer: Record<string, any> }} LoggedRequest
 * @typedef {{ scenario?: Scenario, logFile?: string, delayMs?: number, failRate?: number, seed?: number,
 *   warn?: (message: string) => void }} LocalModelOptions
 */

const MODEL_IDS = ['gpt-5.5', 'gpt-5.4', 'local-model'];

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** @param {string} raw */
function parseBody(raw) {
  if (raw === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {any} value
 */
function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** @param {http.IncomingHttpHeaders} headers */
function loggableHeaders(headers) {
  const copy = { ...headers };
  delete copy.authorization;
  return copy;
}

/**
 * What one server remembers: the scenario, the request log and its counters.
 * @param {LocalModelOptions} options
 */
function createState(options) {
  const instance = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  let idCounter = 0;
  const state = {
    options,
    warn: options.warn ?? ((/** @type {string} */ message) => process.stderr.write(`local-model: ${message}\n`)),
    runner: new ScenarioRunner(options.scenario ?? loadScenario('message')),
    failsCall: failurePlan(options.failRate ?? 0, options.seed ?? 0),
    /** @type {LoggedRequest[]} */
    requests: [],
    seq: 0,
    responsesCalls: 0,
    newId: (/** @type {string} */ prefix) => `${prefix}_${instance}_${++idCounter}`,
    /** @param {Omit<LoggedRequest, 'seq' | 'time'>} entry */
    log(entry) {
      const logged = { seq: ++state.seq, time: new Date().toISOString(), ...entry };
      state.requests.push(logged);
      if (options.logFile) fs.appendFileSync(options.logFile, `${JSON.stringify(logged)}\n`);
    },
  };
  return state;
}

/** @typedef {ReturnType<typeof createState>} State */

/**
 * POST /v1/responses: the scenario's next step (after --delay-ms, unless --fail-rate fails it).
 * @param {State} state
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {any} body
 */
async function answerResponses(state, req, res, body) {
  const callIndex = state.responsesCalls++;
  const base = { method: req.method ?? 'POST', path: req.url ?? '', headers: loggableHeaders(req.headers), body };
  if (state.options.delayMs) await new Promise((resolve) => setTimeout(resolve, state.options.delayMs));
  if (state.failsCall(callIndex)) {
    state.log({ ...base, answer: { kind: 'fail-rate', status: 500, callIndex } });
    return answerHttpError(res, { kind: 'http-error', status: 500 });
  }
  if (!body || typeof body !== 'object') {
    state.log({ ...base, answer: { status: 400, callIndex } });
    return sendJson(res, 400, {
      error: { message: 'local-model: POST /v1/responses needs a JSON body', type: 'invalid_request_error' },
    });
  }
  const selection = state.runner.select(body, toolOutputCallIds(body));
  state.log({
    ...base,
    answer: { kind: selection.step.kind, stepIndex: selection.index, followUpOf: selection.followUpOf, callIndex },
  });
  await answerStep(res, selection.step, {
    body,
    newId: state.newId,
    warn: state.warn,
    awaitToolOutput: (callId, then) => state.runner.awaitToolOutput(callId, then),
  });
}

/**
 * POST /__admin/scenario: a scenario object, or `{ name }` of a built-in one.
 * @param {State} state
 * @param {http.ServerResponse} res
 * @param {any} body
 */
function replaceScenario(state, res, body) {
  try {
    const scenario =
      body && typeof body === 'object' && !body.steps && typeof body.name === 'string'
        ? loadScenario(body.name)
        : checkScenario(body, 'POST /__admin/scenario');
    state.runner.replace(scenario);
    return sendJson(res, 200, { ok: true, name: scenario.name ?? null, steps: scenario.steps.length });
  } catch (error) {
    return sendJson(res, 400, { error: { message: /** @type {Error} */ (error).message } });
  }
}

/**
 * @param {State} state
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {any} body
 */
function answerAdmin(state, req, res, body) {
  const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
  switch (route) {
    case 'GET /__admin/requests':
      return sendJson(res, 200, state.requests);
    case 'GET /__admin/health':
      return sendJson(res, 200, { ok: true, scenario: state.runner.scenario.name ?? null });
    case 'POST /__admin/reset':
      state.requests = [];
      state.seq = 0;
      state.responsesCalls = 0;
      state.runner.reset();
      return sendJson(res, 200, { ok: true });
    case 'POST /__admin/scenario':
      return replaceScenario(state, res, body);
    default:
      return sendJson(res, 404, {
        error: {
          message: `local-model: no admin route ${route}; use GET /__admin/requests, POST /__admin/scenario, POST /__admin/reset`,
        },
      });
  }
}

/**
 * Every request: admin routes, the Responses API, GET /v1/models; anything else is logged and 404.
 * @param {State} state
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function route(state, req, res) {
  const url = (req.url ?? '').split('?')[0];
  const body = parseBody(await readBody(req));
  if (url.startsWith('/__admin/')) return answerAdmin(state, req, res, body);
  if (req.method === 'POST' && url === '/v1/responses') return await answerResponses(state, req, res, body);
  const logged = { method: req.method ?? '', path: req.url ?? '', headers: loggableHeaders(req.headers), body };
  if (req.method === 'GET' && url === '/v1/models') {
    state.log({ ...logged, answer: { status: 200 } });
    return sendJson(res, 200, {
      object: 'list',
      data: MODEL_IDS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'local-model' })),
    });
  }
  state.log({ ...logged, answer: { status: 404 } });
  state.warn(`404 for unknown route ${req.method} ${req.url}`);
  return sendJson(res, 404, {
    error: { message: `local-model: unknown route ${req.method} ${req.url}`, type: 'invalid_request_error' },
  });
}

/**
 * @param {LocalModelOptions} options
 */
function createLocalModelServer(options = {}) {
  const state = createState(options);
  const server = http.createServer(async (req, res) => {
    try {
      await route(state, req, res);
    } catch (error) {
      state.warn(`error while answering ${req.method} ${req.url}: ${/** @type {Error} */ (error).stack}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { message: `local-model: ${/** @type {Error} */ (error).message}`, type: 'server_error' },
        });
      else res.destroy();
    }
  });

  return {
    server,
    runner: state.runner,
    requests: () => state.requests,
    /**
     * @param {number} port
     * @param {string} host
     * @returns {Promise<number>} the port listened on
     */
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
        });
      });
    },
    /** @returns {Promise<void>} */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

module.exports = { createLocalModelServer };
