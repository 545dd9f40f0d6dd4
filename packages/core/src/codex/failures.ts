import { classifyFailure } from './classify';
import { CodexError, type CodexErrorDetails } from './errors';

type Context = Omit<CodexErrorDetails, 'kind' | 'retryAfterMs'>;

/** Codex's message without its final period, so that ours can follow it. */
function clause(message: string): string {
  return message.trim().replace(/[.\s]+$/, '');
}

function adviceFor(message: string): string {
  if (/Connection failed|error sending request|connection refused/i.test(message)) {
    return 'Is the model server running and reachable? Check base_url of the model provider in your codex config (config.toml or -c model_providers.<name>.base_url).';
  }
  if (/\b401\b|Unauthorized|Missing environment variable|api key/i.test(message)) {
    // Measured with codex 0.169: `codex exec` sends CODEX_API_KEY to OpenAI; OPENAI_API_KEY in the environment is not read.
    return "Check the API key: a custom provider's env_key variable must be set for codex; for OpenAI, run `codex login` (or `printenv OPENAI_API_KEY | codex login --with-api-key`), or set CODEX_API_KEY (codex exec does not read OPENAI_API_KEY).";
  }
  if (/context window/i.test(message))
    return 'Send less: fewer or smaller files per call (lower the token budget or chunk size).';
  if (/Input exceeds the maximum length/i.test(message)) {
    return 'Codex accepts at most 1,048,576 characters of input per request, whatever their token count: send a shorter prompt (for a review, fewer or smaller files per call).';
  }
  if (/quota|usage limit|billing/i.test(message)) return "Check the account's plan, billing and usage limits.";
  if (/\b404\b|model .*not (found|exist)/i.test(message))
    return 'Check the model name (-m / model in config) and the provider base_url.';
  if (/config/i.test(message))
    return 'Fix the codex configuration named in the message (config.toml, -c options or the profile).';
  return "Run the command shown below by hand to see codex's full output.";
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** What codex reported when a turn failed, as our error: transient ones are retried by the client. */
export function modelFailureError(codexMessage: string, context: Context): CodexError {
  const failure = classifyFailure(codexMessage);
  if (failure.transient) {
    return new CodexError(
      `The model request failed with a temporary error: ${clause(codexMessage)}. If it keeps failing, check the model provider's status or raise maxRetries.`,
      { ...context, kind: 'transient', retryAfterMs: failure.retryAfterMs },
    );
  }
  return new CodexError(`Codex failed: ${clause(codexMessage)}. ${adviceFor(codexMessage)}`, {
    ...context,
    kind: 'model',
  });
}

export function timeoutError(timeoutMs: number, context: Context): CodexError {
  return new CodexError(
    `Codex did not finish within ${seconds(timeoutMs)} and was stopped. Check that the model server answers; if the task is just large, send less per call or raise the target's timeoutSeconds option.`,
    { ...context, kind: 'timeout' },
  );
}

/** Codex's reconnect loop announces itself with this and retries until it is killed (user configs retry without end). */
export const RECONNECT_LOOP = /^Reconnecting\.\.\. waiting for network/i;

/** Codex cannot reach the provider and started its reconnect loop: we stopped it rather than wait for the timeout. */
export function unreachableProviderError(codexMessage: string, afterMs: number, context: Context): CodexError {
  const cause = /\((.+)\)\s*$/.exec(codexMessage)?.[1] ?? clause(codexMessage);
  return new CodexError(
    `Codex cannot reach the model provider (${clause(cause)}) and would keep retrying, so it was stopped after ${seconds(afterMs)}. ` +
      'Check that the model server is running and reachable from this machine: base_url of the provider in your codex config (`npx nx-codex config` shows which file), a proxy or firewall, the network itself.',
    { ...context, kind: 'model' },
  );
}

const CANCEL_REASONS = {
  interrupted: 'this process was interrupted (SIGINT/SIGTERM/SIGHUP)',
  orphaned: 'the process that started this one (nx) is gone',
  aborted: 'the call was aborted',
} as const;

export function cancelledByError(reason: keyof typeof CANCEL_REASONS, context: Context): CodexError {
  const why = CANCEL_REASONS[reason];
  return new CodexError(`Codex was stopped because ${why}.`, { ...context, kind: 'cancelled' });
}
