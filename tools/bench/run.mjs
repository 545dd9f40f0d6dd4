#!/usr/bin/env node
// nx-codex benchmarks: `node tools/bench/run.mjs [--quick] [--only=1,3]`.
// Prints a table (medians, ratios against baselines measured in the same run, targets, PASS/MISS)
// and writes dist/bench/results.json. Offline: tools/local-model and the real codex CLI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { cacheHit } from './benches/cache-hit.mjs';
import { cost } from './benches/cost.mjs';
import { executorOverhead } from './benches/executor-overhead.mjs';
import { fanOut } from './benches/fan-out.mjs';
import { mcpLatency } from './benches/mcp-latency.mjs';
import { teamCache } from './benches/team-cache.mjs';
import { renderTable } from './lib/table.mjs';
import { REPO_ROOT, testing } from './lib/workspace.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((arg) => arg.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const unknown = args.filter((arg) => arg !== '--quick' && arg !== onlyArg);
if (unknown.length) {
  console.error(
    `run.mjs: unknown argument ${unknown.join(' ')}. Usage: node tools/bench/run.mjs [--quick] [--only=1,2,...,11]`,
  );
  process.exit(2);
}

// Benchmarks 2+4 share the 200-file project, 3+5 the 40-project workspace.
const SUITES = [
  { ids: ['1'], run: cacheHit },
  { ids: ['2', '4'], run: executorOverhead },
  { ids: ['3', '5'], run: fanOut },
  { ids: ['6'], run: teamCache },
  { ids: ['7'], run: mcpLatency },
  { ids: ['8', '9', '10', '11'], run: cost },
];

const CLEAN_ANSWER = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'No defects found.',
  overall_confidence_score: 0.9,
};
const SCENARIO = { name: 'bench-clean-review', steps: [{ kind: 'schema-json', value: CLEAN_ANSWER }], repeat: 'last' };

const log = (line) => process.stderr.write(`[bench] ${line}\n`);

async function main() {
  // The local model and cache servers are unref'd children: without this, awaiting their stop()
  // could leave Node with nothing to wait for, and it would exit before printing the table.
  const keepAlive = setInterval(() => undefined, 60_000);
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  for (const [key, value] of Object.entries({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }))
    process.env[key] = value;
  const fastModel = await testing.startLocalModel({ scenario: SCENARIO });
  const slowModel = await testing.startLocalModel({ scenario: SCENARIO, delayMs: 1000 });
  const fastHome = testing.createCodexHome({ baseUrl: fastModel.url });
  const slowHome = testing.createCodexHome({ baseUrl: slowModel.url });
  const ctx = { quick, reps: (full, fast) => (quick ? fast : full), fastModel, slowModel, fastHome, slowHome, log };
  const rows = [];
  try {
    for (const suite of SUITES) {
      if (only && !suite.ids.some((id) => only.has(id))) continue;
      const suiteStarted = Date.now();
      log(`benchmark ${suite.ids.join('+')} ...`);
      try {
        rows.push(...(await suite.run(ctx)));
      } catch (error) {
        log(`benchmark ${suite.ids.join('+')} failed: ${error.stack ?? error}`);
        rows.push(
          ...suite.ids.map((id) => ({
            id,
            name: `(failed: ${String(error.message).split('\n')[0].slice(0, 80)})`,
            measured: '',
            baseline: '',
            target: '',
            error: String(error.stack ?? error),
          })),
        );
      }
      log(`benchmark ${suite.ids.join('+')} took ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    await fastModel.stop();
    await slowModel.stop();
    fastHome.cleanup();
    slowHome.cleanup();
  }

  const machine = {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    nx: JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/nx/package.json'), 'utf8')).version,
    codex: JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@openai/codex/package.json'), 'utf8')).version,
    loadAtStart,
    loadAtEnd: os.loadavg()[0],
  };
  const durationMs = Date.now() - started;
  const header = [
    `nx-codex benchmarks  ${new Date().toISOString()}  ${quick ? '(--quick)' : ''}`,
    `machine: ${machine.cores} cores (os.availableParallelism), ${machine.cpu}, ${machine.memoryGb} GB, node ${machine.node}, nx ${machine.nx}, codex ${machine.codex}`,
    `load average (1 min): ${machine.loadAtStart.toFixed(2)} at start, ${machine.loadAtEnd.toFixed(2)} at end (other processes on the machine skew the times)`,
    'env: NX_DAEMON=false (unless the row says daemon on), NX_NO_CLOUD=true, NX_TUI=false; model: tools/local-model on 127.0.0.1; times are medians of "runs"',
  ];
  const notes = rows.flatMap((row) => row.notes ?? []);
  console.log(
    ['', ...header, '', renderTable(rows), '', ...notes, '', `total time: ${(durationMs / 1000).toFixed(0)} s`].join(
      '\n',
    ),
  );

  const outDir = join(REPO_ROOT, 'dist/bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'results.json'),
    `${JSON.stringify({ createdAt: new Date().toISOString(), quick, durationMs, machine, results: rows }, null, 2)}\n`,
  );
  console.log(`results: ${join(outDir, 'results.json')}`);
  if (rows.some((row) => row.error)) process.exitCode = 1;
  clearInterval(keepAlive);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
