'use strict';
// What a model request asked: the texts of its user messages (the prompt codex sent).

/**
 * @param {{ input?: Array<{ role?: string, content?: string | Array<{ text?: string }> }> } | null | undefined} body
 *   a Responses API request body, as the local model logs it
 * @returns {string[]}
 */
function userTexts(body) {
  return (body?.input ?? [])
    .filter((item) => item.role === 'user')
    .flatMap((item) =>
      typeof item.content === 'string' ? [item.content] : (item.content ?? []).map((part) => part.text ?? ''),
    );
}

module.exports = { userTexts };
