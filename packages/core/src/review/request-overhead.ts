import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCodexClient } from '../codex';
import type { CodexBinary, CodexCallOptions } from '../codex/types';
import { canonicalJson } from '../config/fingerprint';
import { countTokens } from '../files';

/** What Codex adds to every review request besides our prompt: system prompt, tools, answer schema, wrappers. */
export interface RequestOverhead {
  tokens: number;
  characters: number;
  codexVersion: string;
  measuredAt: string;
}

const PROBE_PROMPT = 'nx-codex request overhead probe';
const PROBE_PROVIDER = 'nx_codex_probe';

/** The model-visible parts of a Responses API request, without the probe prompt. */
export function modelVisibleText(body: Record<string, unknown>, prompt: string): string {
  const parts: string[] = [];
  if (typeof body.instructions === 'string') parts.push(body.instructions);
  for (const item of (body.input as Array<Record<string, unknown>>) ?? []) {
    const content = item.content;
    const texts = Array.isArray(content)
      ? content.map((part) => String((part as { text?: unknown }).text ?? ''))
      : [JSON.stringify(item)];
    parts.push(...texts.map((text) => (text === prompt ? '' : text)));
  }
  if (body.tools) parts.push(JSON.stringify(body.tools));
  if ((body.text as { format?: unknown } | undefined)?.format)
    parts.push(JSON.stringify((body.text as { format: unknown }).format));
  return parts.join('\n');
}

/**
 * Codex's share of a review request, measured once per codex version and call settings and kept in
 * `<store>/overhead/`. The probe runs the real codex with the review's own options against a server
 * on 127.0.0.1 that records the request and answers at once: no model is called and nothing leaves
 * the machine. Costs one codex start (~0.3 s) the first time.
 */
export async function requestOverhead(input: {
  binary: CodexBinary;
  model: string;
  callOptions: Omit<CodexCallOptions, 'prompt'>;
  storeDir: string;
  workspaceRoot: string;
  env: Record<string, string | undefined>;
}): Promise<RequestOverhead> {
  const { signal: _signal, onEvent: _onEvent, cwd: _cwd, codexHome, ...settings } = input.callOptions;
  // The user's config.toml can add to a request (MCP servers' tools): its content is part of the key, not
  // its folder, so a fresh temporary CODEX_HOME with the same settings is not measured again.
  const home = codexHome ?? input.env.CODEX_HOME;
  const userConfig = home ? readOptional(join(home, 'config.toml')) : undefined;
  const key = createHash('sha256')
    .update(canonicalJson({ probe: 1, codex: input.binary.version, model: input.model, settings, userConfig }))
    .digest('hex');
  const file = join(input.storeDir, 'overhead', `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RequestOverhead;
  } catch {
    // not measured yet
  }
  const body = await captureRequest(input);
  const text = modelVisibleText(body, PROBE_PROMPT);
  const overhead: RequestOverhead = {
    tokens: countTokens(text, input.model),
    characters: text.length,
    codexVersion: input.binary.version,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(join(input.storeDir, 'overhead'), { recursive: true });
  writeFileSync(file, JSON.stringify(overhead));
  return overhead;
}

async function captureRequest(input: Parameters<typeof requestOverhead>[0]): Promise<Record<string, unknown>> {
  const probe = await startProbeServer();
  const url = probe.url;
  const client = await createCodexClient({
    transport: 'exec',
    binary: input.binary,
    workspaceRoot: input.workspaceRoot,
    env: input.env,
  });
  try {
    await client
      .run({
        ...input.callOptions,
        cwd: input.workspaceRoot,
        prompt: PROBE_PROMPT,
        maxRetries: 0,
        timeoutMs: 60_000,
        config: {
          ...input.callOptions.config,
          model_provider: PROBE_PROVIDER,
          [`model_providers.${PROBE_PROVIDER}`]: {
            name: 'nx-codex probe',
            base_url: url,
            wire_api: 'responses',
            request_max_retries: 0,
            stream_max_retries: 0,
          },
          'analytics.enabled': false,
        },
      })
      .catch(() => undefined); // the "{}" answer fails the review schema; only the request matters
  } finally {
    await client.close();
    probe.close();
  }
  const captured = probe.captured();
  if (!captured)
    throw new Error(
      `Could not measure Codex's share of a review request: codex ${input.binary.version} sent no request to the local probe. Check \`npx nx-codex config\`.`,
    );
  return captured;
}

/** A server on 127.0.0.1 that keeps the first Responses request it gets and answers each request with an empty finished turn. */
async function startProbeServer(): Promise<{
  url: string;
  captured(): Record<string, unknown> | undefined;
  close(): void;
}> {
  let captured: Record<string, unknown> | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.endsWith('/responses')) {
        try {
          captured ??= JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // not JSON: reported by captureRequest as "no request seen"
        }
      }
      answerEmptyTurn(res);
    });
  });
  const url = await listen(server);
  return { url, captured: () => captured, close: () => server.close() };
}

/** A completed empty answer: codex ends the turn at once (the answer itself is ignored). */
function answerEmptyTurn(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const item = {
    type: 'message',
    id: 'probe',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: '{}', annotations: [] }],
  };
  res.write(
    `event: response.output_item.done\ndata: ${JSON.stringify({ type: 'response.output_item.done', output_index: 0, item })}\n\n`,
  );
  res.end(
    `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response: { id: 'probe', status: 'completed' } })}\n\n`,
  );
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`));
  });
}
