/** Test helpers for the review specs: a Codex client scripted at the process boundary (not part of the package). */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { parseStructuredAnswer } from '../../codex/answer';
import type { CodexBinary, CodexCallOptions, CodexClient, CodexResult, CodexUsage } from '../../codex/types';

export const BINARY: CodexBinary = {
  path: '/opt/codex',
  version: '0.169.0',
  source: 'option',
  abilities: { outputSchema: true, execResume: true },
};

export const usageOf = (inputTokens: number, outputTokens = 10): CodexUsage => ({
  inputTokens,
  cachedInputTokens: 0,
  outputTokens,
  reasoningOutputTokens: 0,
});

/** A review answer (REVIEW_OUTPUT_SCHEMA) with one P2 finding on line 1 of each file. */
export function reviewAnswer(files: string[], correctness = 'patch is correct') {
  return {
    findings: files.map((file) => ({
      title: `Check ${file}`,
      body: 'A finding.',
      confidence_score: 0.8,
      priority: 2,
      code_location: { file_path: file, line_range: { start: 1, end: 1 } },
    })),
    overall_correctness: correctness,
    overall_explanation: `reviewed ${files.join(', ')}`,
    overall_confidence_score: 0.7,
  };
}

/** What the fake answers a review call with: an answer (and its usage), or a thrown error. */
export type Answerer = (options: CodexCallOptions) => Promise<{ structured: unknown; usage?: CodexUsage }>;

export interface FakeCodexClient extends CodexClient {
  /** The review calls (the overhead probe's request is not among them). */
  calls: CodexCallOptions[];
  closed: number;
}

/**
 * A client that answers review calls with `answer`. The request-overhead probe (its own provider on
 * 127.0.0.1) gets what codex would send it: one POST of a Responses request, after which the call fails,
 * as the real probe's does.
 */
export function fakeCodexClient(answer: Answerer, binary: CodexBinary = BINARY): FakeCodexClient {
  const client: FakeCodexClient = {
    transport: 'exec',
    binary,
    calls: [],
    closed: 0,
    async run<T>(options: CodexCallOptions): Promise<CodexResult<T>> {
      const probe = probeUrl(options);
      if (probe) {
        await postJson(`${probe}/responses`, { instructions: 'codex system prompt', input: [], tools: [] });
        throw new Error('the probe answer does not match the review schema');
      }
      client.calls.push(options);
      const { structured, usage = usageOf(100) } = await answer(options);
      const text = JSON.stringify(structured);
      return {
        text,
        // As the real client: a structured answer is checked against the call's output schema.
        structured: options.outputSchema ? parseStructuredAnswer<T>(text, options.outputSchema) : (structured as T),
        usage,
        attempts: 1,
        durationMs: 1,
        transport: 'exec',
        codexVersion: binary.version,
      };
    },
    async close() {
      client.closed += 1;
    },
  };
  return client;
}

function probeUrl(options: CodexCallOptions): string | undefined {
  const provider = options.config?.model_provider;
  const settings = provider ? options.config?.[`model_providers.${String(provider)}`] : undefined;
  return (settings as { base_url?: string } | undefined)?.base_url;
}

function postJson(url: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A `codex` that only answers `--version` (findCodexBinary runs it): the calls themselves go to the fake client. */
export function writeVersionOnlyCodex(dir: string, version = BINARY.version): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'codex');
  writeFileSync(file, `#!/bin/sh\necho "codex-cli ${version}"\n`);
  chmodSync(file, 0o755);
  return file;
}
