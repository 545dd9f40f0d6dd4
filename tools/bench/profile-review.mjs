#!/usr/bin/env node
// Where the executor's own time goes: runs core's runReview (what the executor calls) in this
// fresh process, with core's internal steps wrapped in timers, and prints JSON.
//   CODEX_HOME=… node tools/bench/profile-review.mjs --workspace DIR --project NAME --project-root libs/NAME [--runs 2] [--core DIST]
// (--core: the @nx-codex/core dist to profile; default packages/core/dist)
// Run 1 is cold (modules and the tokenizer load on first use); later runs show per-review work.
// Times are exclusive: a step's time excludes the wrapped steps it calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    workspace: { type: 'string' },
    project: { type: 'string' },
    'project-root': { type: 'string' },
    runs: { type: 'string', default: '2' },
    core: { type: 'string' },
  },
});
if (!values.workspace || !values.project || !values['project-root']) {
  console.error(
    'usage: profile-review.mjs --workspace DIR --project NAME --project-root ROOT [--runs N] [--core DIST]',
  );
  process.exit(2);
}

const DIST = values.core ?? join(import.meta.dirname, '../../packages/core/dist');
/** [module under dist, exported function, label] */
const STEPS = [
  ['codex/binary.js', 'findCodexBinary', 'find codex + `codex --version`'],
  ['config/load-settings.js', 'loadSettings', 'load Codex settings (TOML)'],
  ['files/select-files.js', 'selectFiles', 'select files (git ls-files, read, filter)'],
  ['context/assemble-context.js', 'assembleContext', 'assemble .codex/context.md'],
  ['files/count-tokens.js', 'countTokens', 'count tokens (o200k_base)'],
  ['files/plan-chunks.js', 'planChunks', 'plan chunks (excl. token counts)'],
  ['review/prompt.js', 'renderPromptFile', 'render files with line numbers'],
  ['review/prompt.js', 'buildReviewPrompt', 'build prompts (excl. rendering)'],
  ['review/digest.js', 'reviewDigest', 'inputs digest (sha256)'],
  ['config/fingerprint.js', 'settingsFingerprint', 'settings fingerprint'],
  ['review/previous-result.js', 'readPreviousResult', 'look for a previous result'],
  ['review/previous-result.js', 'removeReports', 'remove old reports'],
  ['codex/client.js', 'createCodexClient', 'create codex client'],
  ['review/review-chunks.js', 'reviewChunks', 'MODEL: codex exec calls (excluded from own time)'],
  ['reports/write-reports.js', 'writeReports', 'write reports (json, md, sarif, rdjson)'],
  ['reports/render-summary.js', 'renderSummary', 'render terminal summary'],
];

const coreStarted = performance.now();
const core = require(join(DIST, 'index.js'));
const coreLoadMs = performance.now() - coreStarted;

let phases = {};
const stack = [];
let firstCount = true;
for (const [file, name, label] of STEPS) {
  const mod = require(join(DIST, file));
  const original = mod[name];
  if (typeof original !== 'function')
    throw new Error(`${file} does not export ${name}: update tools/bench/profile-review.mjs`);
  const finish = (frame) => {
    const elapsed = performance.now() - frame.started;
    stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children += elapsed;
    // Token counts made while planning chunks are per file; the others are the prompt head and whole prompts.
    let where = '';
    if (name === 'countTokens') {
      where = firstCount
        ? ': first call (loads the tokenizer)'
        : parent?.name === 'planChunks'
          ? ': per file, in planChunks'
          : ': whole prompts + head';
      firstCount = false;
    }
    const phase = (phases[label + where] ??= { calls: 0, ms: 0 });
    phase.calls++;
    phase.ms += elapsed - frame.children;
  };
  mod[name] = function (...args) {
    const frame = { name, started: performance.now(), children: 0 };
    stack.push(frame);
    let result;
    try {
      result = original.apply(this, args);
    } catch (error) {
      finish(frame);
      throw error;
    }
    if (result && typeof result.then === 'function') {
      // Async steps (the model calls) run alone: nothing else is wrapped while they are pending.
      return result.finally(() => finish(frame));
    }
    finish(frame);
    return result;
  };
}

const runs = [];
for (let i = 0; i < Number(values.runs); i++) {
  phases = {};
  const outputDir = mkdtempSync(join(tmpdir(), 'nx-codex-profile-'));
  try {
    const outcome = await core.runReview({
      workspaceRoot: values.workspace,
      project: values.project,
      projectRoot: values['project-root'],
      outputDir,
    });
    const { timings, chunks, filesReviewed } = outcome.result;
    const rounded = Object.fromEntries(
      Object.entries(phases).map(([label, phase]) => [
        label,
        { calls: phase.calls, ms: Math.round(phase.ms * 10) / 10 },
      ]),
    );
    runs.push({
      run: i + 1,
      ownMs: timings.totalMs - timings.modelMs,
      timings,
      chunks,
      files: filesReviewed.length,
      phases: rounded,
    });
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}
console.log(JSON.stringify({ coreLoadMs: Math.round(coreLoadMs), runs }, null, 2));
