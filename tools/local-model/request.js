'use strict';
// Reads what matters from a Responses API request body as codex sends it.

/**
 * @typedef {{ type?: string, role?: string, content?: any, call_id?: string, output?: any }} InputItem
 * @typedef {{ input?: InputItem[] | string, text?: { format?: { type?: string, schema?: object, name?: string } } }} ResponsesRequest
 */

/**
 * Text of one message content (a string or an array of {type:"input_text"|"output_text", text}).
 * @param {any} content
 * @returns {string}
 */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part && typeof part.text === 'string' ? part.text : '')).join('\n');
}

/**
 * All text the model would read as the conversation (user and assistant messages, tool outputs),
 * without the developer/system instructions, which mention everything and would match any rule.
 * @param {ResponsesRequest} body
 * @returns {string}
 */
function promptText(body) {
  if (typeof body.input === 'string') return body.input;
  if (!Array.isArray(body.input)) return '';
  return body.input
    .filter((item) => item && item.role !== 'developer' && item.role !== 'system')
    .map((item) => {
      if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
        return typeof item.output === 'string' ? item.output : contentText(item.output);
      }
      return contentText(item.content);
    })
    .join('\n');
}

/**
 * call_ids of the tool outputs (function_call_output, custom_tool_call_output) in the request input.
 * @param {ResponsesRequest} body
 * @returns {string[]}
 */
function toolOutputCallIds(body) {
  if (!Array.isArray(body.input)) return [];
  return body.input
    .filter(
      (item) =>
        item &&
        (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') &&
        typeof item.call_id === 'string',
    )
    .map((item) => /** @type {string} */ (item.call_id));
}

/**
 * The JSON schema of `text.format` when codex asks for structured output (`--output-schema`).
 * @param {ResponsesRequest} body
 * @returns {object | undefined}
 */
function outputSchema(body) {
  const format = body && body.text && body.text.format;
  return format && format.type === 'json_schema' ? format.schema : undefined;
}

/**
 * A rough token count (4 characters a token), enough for usage numbers that grow with the input.
 * @param {string} text
 * @returns {number}
 */
function roughTokens(text) {
  return Math.ceil(text.length / 4);
}

module.exports = { promptText, toolOutputCallIds, outputSchema, roughTokens, contentText };
