'use strict';
// The Responses API event stream, in the shape codex 0.153/0.169 accepts (see README.md).

/** @typedef {import('node:http').ServerResponse} ServerResponse */

/**
 * @typedef {{ input_tokens: number, input_tokens_details: { cached_tokens: number },
 *   output_tokens: number, output_tokens_details: { reasoning_tokens: number }, total_tokens: number }} Usage
 */

/**
 * @param {ServerResponse} res
 */
function startEventStream(res) {
  if (res.headersSent) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/**
 * Writes one SSE event; the `data` JSON carries its own `type`, as OpenAI's stream does.
 * @param {ServerResponse} res
 * @param {string} type
 * @param {Record<string, any>} data
 * @param {() => void} [onFlushed] called once the event is handed to the socket
 */
function writeEvent(res, type, data, onFlushed) {
  res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`, onFlushed);
}

/**
 * @param {number} inputTokens
 * @param {number} outputTokens
 * @returns {Usage}
 */
function usage(inputTokens, outputTokens) {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/**
 * @param {string} id
 * @param {string} text
 */
function messageItem(id, text) {
  return {
    type: 'message',
    id,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/**
 * A call of codex's `exec_command` tool (the arguments are a JSON string, `cmd` required).
 * @param {string} id
 * @param {string} callId
 * @param {Record<string, any>} args
 */
function execCommandItem(id, callId, args) {
  return {
    type: 'function_call',
    id,
    call_id: callId,
    name: 'exec_command',
    arguments: JSON.stringify(args),
    status: 'completed',
  };
}

/**
 * A call of codex's freeform `apply_patch` tool (the patch is the raw input, not JSON).
 * @param {string} id
 * @param {string} callId
 * @param {string} patch
 */
function applyPatchItem(id, callId, patch) {
  return { type: 'custom_tool_call', id, call_id: callId, name: 'apply_patch', input: patch, status: 'completed' };
}

module.exports = { startEventStream, writeEvent, usage, messageItem, execCommandItem, applyPatchItem };
