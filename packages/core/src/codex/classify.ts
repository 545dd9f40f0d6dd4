/**
 * Which of codex's failure messages are worth another try. The texts were measured with codex
 * 0.153.4 / 0.169.0 against a local Responses server (provider retries set to 0):
 *   HTTP 500                  "We’re currently experiencing high demand, which may cause temporary errors."
 *                             (0.153.4 over mcp writes "We're" with a straight quote)
 *   HTTP 502/503/504          "unexpected status 503 Service Unavailable: <body>, url: <url>"
 *   HTTP 429                  "exceeded retry limit, last status: 429 Too Many Requests"
 *   response.failed           "stream disconnected before completion: <error.message>"
 *   rate_limit_exceeded       "rate limit exceeded: … Please try again in 1.5s."
 *   server_is_overloaded      "Selected model is at capacity. Please try a different model."
 *   body cut before completed "stream disconnected before completion: stream closed before response.completed"
 * Not transient: "Connection failed: error sending request" (nothing listens: codex already
 * retried per its stream_max_retries, more tries only delay the error), 4xx statuses, "Quota
 * exceeded…", "You’ve hit your usage limit…", "Codex ran out of room in the model's context window…".
 */
const TRANSIENT_PATTERNS: RegExp[] = [
  /experiencing high demand/i,
  /exceeded retry limit, last status: (429|5\d\d)/i,
  /unexpected status (408|429|5\d\d)\b/i,
  /stream disconnected before completion/i,
  /stream closed before response\.completed/i,
  /rate limit (exceeded|reached)/i,
  /model is at capacity/i,
  /idle timeout waiting for SSE/i,
  /\b(429 Too Many Requests|50[0-4] (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout))\b/i,
];

const PERMANENT_PATTERNS: RegExp[] = [/quota exceeded/i, /usage limit/i, /context window/i, /insufficient_quota/i];

export interface FailureClass {
  transient: boolean;
  /** A wait the message asks for ("try again in 1.5s"), in ms. */
  retryAfterMs?: number;
}

export function parseRetryAfterMs(message: string): number | undefined {
  const match =
    /try again in\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?|m|min|minutes?)\b/i.exec(message) ??
    /retry[- ]after[:=\s]+(\d+(?:\.\d+)?)\s*(ms|s|seconds?)?/i.exec(message);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  if (unit.startsWith('ms') || unit.startsWith('milli')) return Math.round(amount);
  if (unit.startsWith('m')) return Math.round(amount * 60_000);
  return Math.round(amount * 1000);
}

export function classifyFailure(message: string): FailureClass {
  if (PERMANENT_PATTERNS.some((pattern) => pattern.test(message))) return { transient: false };
  if (!TRANSIENT_PATTERNS.some((pattern) => pattern.test(message))) return { transient: false };
  const retryAfterMs = parseRetryAfterMs(message);
  return retryAfterMs === undefined ? { transient: true } : { transient: true, retryAfterMs };
}
