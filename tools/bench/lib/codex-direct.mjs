// The baseline of the executor benchmark: the same codex exec calls, made directly (no Nx, no executor).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_DIST } from './workspace.mjs';

const require = createRequire(import.meta.url);
const core = require(join(CORE_DIST, 'index.js'));
// Not exported by core's package.json: read from the built dist, to pass codex the executor's exact flags.
const { buildExecArgs } = require(join(CORE_DIST, 'codex/exec/exec-args.js'));
const { encode } = require('gpt-tokenizer/encoding/o200k_base');

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CPU_LINE = /^__CPU__ ([\d.]+) ([\d.]+)$/m;
const PROMPT_MARK = 'You are reviewing the Nx project';

/** The review prompts codex forwarded to the model, from tools/local-model's request log. */
export function reviewPrompts(requests) {
  return requests
    .map((request) =>
      (request.body?.input ?? [])
        .filter((item) => item.role === 'user')
        .flatMap((item) => (item.content ?? []).map((part) => part.text ?? ''))
        .find((text) => text.includes(PROMPT_MARK)),
    )
    .filter((text) => text !== undefined);
}

/** Tokens of a prompt as nx-codex counts them (o200k_base, the gpt-5.x encoding). */
export const promptTokens = (text) => encode(text, { disallowedSpecial: new Set() }).length;

/** The codex binary the executor would use (native, not the node launcher). */
export function codexBinary(workspaceRoot) {
  return core.findCodexBinary({ env: process.env, workspaceRoot });
}

/**
 * One `codex exec` call with the executor's flags (core's reviewCallOptions through buildExecArgs: --json,
 * --ephemeral, read-only, approvals off, our review instructions, the lean tool settings, --output-schema;
 * the prompt on stdin when it is large). Resolves
 * with { ms, cpuMs } (wall and, with /usr/bin/time, CPU time) once codex has exited; rejects on a non-zero exit.
 */
export function codexExecDirect({ binary, prompt, cwd, env, schemaFile, instructionsFile, version }) {
  const {
    outputSchema: _schema,
    baseInstructions: _instructions,
    ...options
  } = core.reviewCallOptions({ config: { ...core.NO_SHELL_TOOLS }, passEnv: [] }, version, cwd);
  const invocation = buildExecArgs({ ...options, prompt }, { outputSchemaFile: schemaFile, instructionsFile });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const [file, args] = GNU_TIME
      ? [GNU_TIME, ['-f', '__CPU__ %U %S', binary, ...invocation.args]]
      : [binary, invocation.args];
    const child = spawn(file, args, {
      env: { ...process.env, ...env },
      stdio: [invocation.stdinPrompt ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    if (invocation.stdinPrompt) child.stdin.end(invocation.stdinPrompt);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0 || !stdout.includes('"turn.completed"'))
        reject(new Error(`codex exec exited ${code}: ${stderr.slice(-2000)}${stdout.slice(-1000)}`));
      const cpu = CPU_LINE.exec(stderr);
      resolve({ ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined });
    });
  });
}

/** All prompts, at most `concurrency` at a time (as the executor's chunks): { ms: wall time, cpuMs: codex CPU summed }. */
export async function codexExecAll({ binary, prompts, cwd, env, concurrency }) {
  const dir = mkdtempSync(join(tmpdir(), 'nx-codex-bench-'));
  const schemaFile = join(dir, 'output-schema.json');
  writeFileSync(schemaFile, JSON.stringify(core.REVIEW_OUTPUT_SCHEMA));
  const instructionsFile = join(dir, 'review-instructions.md');
  writeFileSync(instructionsFile, core.REVIEW_INSTRUCTIONS);
  const version = core.findCodexBinary({ explicit: binary, env: process.env, workspaceRoot: cwd }).version;
  const started = performance.now();
  try {
    let next = 0;
    let cpuMs = 0;
    const worker = async () => {
      while (next < prompts.length)
        cpuMs +=
          (await codexExecDirect({ binary, prompt: prompts[next++], cwd, env, schemaFile, instructionsFile, version }))
            .cpuMs ?? NaN;
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, prompts.length)) }, worker));
    return { ms: performance.now() - started, cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
