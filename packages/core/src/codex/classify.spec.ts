import { classifyFailure, parseRetryAfterMs } from './classify';

describe('classifyFailure', () => {
  // The texts codex 0.169.0 / 0.153.4 printed for each fault of the local model.
  it.each([
    ['We’re currently experiencing high demand, which may cause temporary errors.'],
    ["We're currently experiencing high demand, which may cause temporary errors."],
    ['exceeded retry limit, last status: 429 Too Many Requests'],
    ['unexpected status 502 Bad Gateway: bad gw, url: http://127.0.0.1:1/v1/responses'],
    ['unexpected status 503 Service Unavailable: Service Unavailable, url: http://127.0.0.1:1/v1/responses'],
    ['stream disconnected before completion: model exploded'],
    ['stream disconnected before completion: stream closed before response.completed'],
    ['Selected model is at capacity. Please try a different model.'],
  ])('retries %s', (message) => {
    expect(classifyFailure(message).transient).toBe(true);
  });

  it.each([
    ['Connection failed: error sending request'],
    ['unexpected status 401 Unauthorized: Incorrect API key, url: http://127.0.0.1:1/v1/responses'],
    ['unexpected status 404 Not Found: model not found, url: http://127.0.0.1:1/v1/responses'],
    ['Quota exceeded. Check your plan and billing details.'],
    ['You’ve hit your usage limit. Try again later.'],
    [
      "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.",
    ],
    ['{"error":{"message":"bad request thing","type":"invalid_request_error"}}'],
    ['bad prompt'],
  ])('does not retry %s', (message) => {
    expect(classifyFailure(message).transient).toBe(false);
  });

  it('reads the wait a rate-limit message asks for', () => {
    const message =
      'rate limit exceeded: Rate limit reached for gpt-5 in organization org-x on tokens per min (TPM): Limit 30000, Used 30000. Please try again in 1.5s.';
    expect(classifyFailure(message)).toEqual({ transient: true, retryAfterMs: 1500 });
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['Please try again in 11.054s.', 11054],
    ['try again in 250ms', 250],
    ['try again in 2 minutes', 120000],
    ['retry-after: 3', 3000],
    ['no hint here', undefined],
  ])('%s -> %s', (message, expected) => {
    expect(parseRetryAfterMs(message)).toBe(expected);
  });
});
