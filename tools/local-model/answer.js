'use strict';
// Turns one scenario step into the HTTP answer to a POST /v1/responses.
const { startEventStream, writeEvent, usage, messageItem, execCommandItem, applyPatchItem } = require('./sse');
const { outputSchema, roughTokens } = require('./request');
const { minimalInstance, violatingInstance } = require('./schema-instance');

/**
 * @typedef {import('./scenario').Step} Step
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {{
 *   body: Record<string, any>,
 *   newId: (prefix: string) => string,
 *   awaitToolOutput: (callId: string, then: Step) => void,
 *   warn: (message: string) => void,
 * }} AnswerContext
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const DEFAULT_FOLLOW_UP = { kind: 'message', text: 'done' };

/**
 * `["bash","-lc","ls"]` -> "ls"; other argv arrays are shell-quoted and joined.
 * @param {string | string[]} command
 * @returns {string}
 */
function commandLine(command) {
  if (typeof command === 'string') return command;
  if (command.length === 3 && /(^|\/)(ba|z)?sh$/.test(command[0]) && /^-l?c$/.test(command[1])) return command[2];
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * `["bash","-c",…]` asks for a non-login shell (codex's exec_command defaults to a login shell).
 * @param {string | string[] | undefined} command
 * @returns {{ login?: boolean }}
 */
function loginArg(command) {
  return Array.isArray(command) && command.length === 3 && command[1] === '-c' ? { login: false } : {};
}

/**
 * Streams one output item and response.completed.
 * @param {ServerResponse} res
 * @param {AnswerContext} ctx
 * @param {Record<string, any>} item
 * @param {string} outputText what counts as output tokens
 */
function streamItem(res, ctx, item, outputText) {
  const responseId = ctx.newId('resp');
  startEventStream(res);
  writeEvent(res, 'response.created', { response: { id: responseId, status: 'in_progress' } });
  writeEvent(res, 'response.output_item.done', { output_index: 0, item });
  const inputTokens = roughTokens(JSON.stringify(ctx.body.input ?? ''));
  writeEvent(res, 'response.completed', {
    response: { id: responseId, status: 'completed', usage: usage(inputTokens, roughTokens(outputText)) },
  });
  res.end();
}

/**
 * @param {ServerResponse} res
 * @param {AnswerContext} ctx
 * @param {string} text
 */
function streamMessage(res, ctx, text) {
  streamItem(res, ctx, messageItem(ctx.newId('msg'), text), text);
}

/**
 * @param {AnswerContext} ctx
 * @returns {object | undefined}
 */
function requestSchema(ctx) {
  const schema = outputSchema(ctx.body);
  if (!schema)
    ctx.warn('a schema step answered a request without text.format json_schema (was --output-schema given?)');
  return schema;
}

/**
 * @param {ServerResponse} res
 * @param {Step} step
 * @param {AnswerContext} ctx
 * @returns {Promise<void>}
 */
async function answerStep(res, step, ctx) {
  if (step.kind === 'slow-first-byte' && step.headersFirst) {
    startEventStream(res);
    res.flushHeaders(); // codex now waits for the first event: its stream_idle_timeout_ms applies
  }
  if (step.delayMs) await sleep(step.delayMs);
  switch (step.kind) {
    case 'message':
      return streamMessage(res, ctx, String(step.text));
    case 'empty':
      return streamMessage(res, ctx, '');
    case 'schema-json': {
      const value = step.value !== undefined ? step.value : minimalInstance(requestSchema(ctx));
      return streamMessage(res, ctx, JSON.stringify(value));
    }
    case 'schema-violation':
      return streamMessage(
        res,
        ctx,
        JSON.stringify(step.value !== undefined ? step.value : violatingInstance(requestSchema(ctx))),
      );
    case 'malformed-json':
      return streamMessage(res, ctx, step.text ?? '{"findings": [ this is not JSON');
    case 'shell': {
      const callId = ctx.newId('call');
      const args = { cmd: commandLine(step.cmd ?? step.command), ...loginArg(step.command), ...(step.args ?? {}) };
      ctx.awaitToolOutput(callId, step.then ?? DEFAULT_FOLLOW_UP);
      return streamItem(res, ctx, execCommandItem(ctx.newId('fc'), callId, args), JSON.stringify(args));
    }
    case 'apply_patch': {
      const callId = ctx.newId('call');
      ctx.awaitToolOutput(callId, step.then ?? DEFAULT_FOLLOW_UP);
      return streamItem(res, ctx, applyPatchItem(ctx.newId('ctc'), callId, String(step.patch)), String(step.patch));
    }
    case 'slow-first-byte':
      // step.delayMs was waited for above, with nothing sent (or only the headers, if headersFirst).
      return answerStep(res, step.then ?? { kind: 'message', text: 'slow but fine' }, ctx);
    case 'http-error':
      return answerHttpError(res, step);
    case 'response-failed': {
      const responseId = ctx.newId('resp');
      startEventStream(res);
      writeEvent(res, 'response.created', { response: { id: responseId, status: 'in_progress' } });
      const error = {
        code: step.code ?? 'server_error',
        message: step.message ?? 'local-model: scripted response.failed',
      };
      writeEvent(res, 'response.failed', { response: { id: responseId, status: 'failed', error } });
      res.end();
      return;
    }
    case 'stream-cut':
      return cutStream(res, step, ctx);
    default:
      throw new Error(
        `local-model: step kind "${step.kind}" cannot answer a request (a match step must be resolved first)`,
      );
  }
}

/**
 * @param {ServerResponse} res
 * @param {Step} step
 */
function answerHttpError(res, step) {
  const status = Number(step.status);
  if (res.headersSent)
    throw new Error(
      'local-model: an http-error step cannot follow slow-first-byte with headersFirst (the 200 headers are already sent)',
    );
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json' };
  if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
  const fallback = {
    error: {
      message: `local-model: scripted HTTP ${status}`,
      type: status === 429 ? 'rate_limit_exceeded' : 'server_error',
      code: status === 429 ? 'rate_limit_exceeded' : 'server_error',
    },
  };
  const body =
    step.body === undefined
      ? JSON.stringify(fallback)
      : typeof step.body === 'string'
        ? step.body
        : JSON.stringify(step.body);
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Sends the start of a reply, then destroys the socket before response.completed.
 * @param {ServerResponse} res
 * @param {Step} step
 * @param {AnswerContext} ctx
 */
async function cutStream(res, step, ctx) {
  const responseId = ctx.newId('resp');
  startEventStream(res);
  writeEvent(res, 'response.created', { response: { id: responseId, status: 'in_progress' } });
  const itemId = ctx.newId('msg');
  writeEvent(res, 'response.output_item.added', {
    output_index: 0,
    item: { type: 'message', id: itemId, role: 'assistant', status: 'in_progress', content: [] },
  });
  // The cut comes once the events are handed to the socket (the write's callback), not after a guessed pause.
  await new Promise((resolve) =>
    writeEvent(
      res,
      'response.output_text.delta',
      {
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        delta: step.text ?? 'partial answer, then the connection drops',
      },
      () => resolve(undefined),
    ),
  );
  res.socket?.destroy();
}

module.exports = { answerStep, answerHttpError, commandLine };
