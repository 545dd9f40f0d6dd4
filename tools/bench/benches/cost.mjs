// 8-11. What a review costs: Codex's overhead per request, tokens re-sent after a one-file change,
// requests over budget, and a run budget that stops spending. The local model's request log is the referee.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { codexBinary, promptTokens, reviewPrompts } from '../lib/codex-direct.mjs';
import { generateProjectFiles, generateWorkspaceProjects } from '../lib/generate.mjs';
import { createBenchWorkspace, CORE_DIST, expectOk, REPO_ROOT, testing } from '../lib/workspace.mjs';

const require = createRequire(import.meta.url);
const core = require(join(CORE_DIST, 'index.js'));
const { buildExecArgs } = require(join(CORE_DIST, 'codex/exec/exec-args.js'));

const BIG = 'big';
const CHANGED_FILE = 'src/services/invoice-1.ts';
const TIGHT_BUDGET = 30_000;

const reviewRequests = (requests) => requests.filter((request) => request.path.endsWith('/responses'));
const userPromptOf = (request) => reviewPrompts([request])[0] ?? '';
/** Tokens the model got besides our user prompt: instructions, developer/environment messages, tools, answer schema. */
const overheadOf = (request) => promptTokens(core.modelVisibleText(request.body, userPromptOf(request)));
/** Everything the model got, in tokens. */
const requestTokens = (request) => promptTokens(core.modelVisibleText(request.body, ''));
const report = (ws, project) =>
  JSON.parse(readFileSync(join(ws.dir, 'dist/codex-review', project, 'review.json'), 'utf8'));
const sum = (values) => values.reduce((a, b) => a + b, 0);

/** The request codex sent before this change: same prompt and schema, Codex's own instructions and tools. */
function defaultRequest(ctx, ws, prompt) {
  const dir = testing.makeTempDir('nx-codex-bench-default-');
  try {
    const schemaFile = join(dir.dir, 'schema.json');
    require('node:fs').writeFileSync(schemaFile, JSON.stringify(core.REVIEW_OUTPUT_SCHEMA));
    const { args } = buildExecArgs(
      { prompt, cwd: ws.dir, sandbox: 'read-only', approvalPolicy: 'never', ephemeral: true },
      { outputSchemaFile: schemaFile },
    );
    const run = require('node:child_process').spawnSync(codexBinary(REPO_ROOT).path, args, {
      env: { ...process.env, ...ctx.fastHome.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`default codex exec exited ${run.status}: ${run.stderr.slice(-1000)}`);
  } finally {
    dir.cleanup();
  }
}

export async function cost(ctx) {
  const rows = [];
  const allRequests = [];
  const ws = createBenchWorkspace({
    projects: { [BIG]: generateProjectFiles(199, 1), small: generateProjectFiles(6, 3) },
  });
  try {
    // 8. Overhead: a 6-file project reviewed through nx, then the same prompt the way codex was driven before.
    await ctx.fastModel.reset();
    expectOk(ws.nx(['run', 'small:codex-review'], ctx.fastHome.env), 'nx run small:codex-review');
    const [lean] = reviewRequests(await ctx.fastModel.requests());
    allRequests.push({ request: lean, budget: 120_000 });
    await ctx.fastModel.reset();
    defaultRequest(ctx, ws, userPromptOf(lean));
    const [before] = reviewRequests(await ctx.fastModel.requests());
    const leanOverhead = overheadOf(lean);
    const defaultOverhead = overheadOf(before);
    const measuredOverhead = report(ws, 'small').requestOverheadTokens;
    rows.push({
      id: '8',
      name: 'Codex overhead per review request',
      measured: `${leanOverhead.toLocaleString('en')} tokens (${lean.body.tools.length} tool)`,
      baseline: `default request ${defaultOverhead.toLocaleString('en')} (${before.body.tools.length} tools)`,
      ratio: leanOverhead / defaultOverhead,
      ratioText: `${((leanOverhead / defaultOverhead) * 100).toFixed(1)}%`,
      target: '<= 1,500',
      pass: leanOverhead <= 1500,
      reps: 1,
      notes: [
        `#8 tokens (o200k) of everything the model got except our user prompt, from the local model's log: system prompt, developer and environment messages, tool definitions, answer schema. Lean: our review instructions (${core.REVIEW_INSTRUCTIONS.length} chars) + ${lean.body.tools.map((tool) => tool.name ?? tool.type).join(', ')}; default: Codex's agent instructions + ${before.body.tools.map((tool) => tool.name ?? tool.type).join(', ')}. The probe's own measure (review.json requestOverheadTokens, what maxPromptTokens subtracts): ${measuredOverhead}.`,
      ],
      details: {
        leanOverhead,
        defaultOverhead,
        measuredOverhead,
        leanTools: lean.body.tools.length,
        defaultTools: before.body.tools.length,
      },
    });

    // 9. The 200-file project, reviewed, one file changed, reviewed again (chunk store on, as by default).
    await ctx.fastModel.reset();
    expectOk(ws.nx(['run', `${BIG}:codex-review`], ctx.fastHome.env), `nx run ${BIG}:codex-review`);
    const full = reviewRequests(await ctx.fastModel.requests());
    full.forEach((request) => allRequests.push({ request, budget: 120_000 }));
    const fullTokens = sum(full.map((request) => promptTokens(userPromptOf(request))));
    appendFileSync(
      join(ws.dir, 'libs', BIG, CHANGED_FILE),
      '\nexport function discountCents(totalCents: number, percent: number): number {\n  return Math.round(totalCents * (1 - percent / 100));\n}\n',
    );
    await ctx.fastModel.reset();
    expectOk(
      ws.nx(['run', `${BIG}:codex-review`], ctx.fastHome.env),
      `nx run ${BIG}:codex-review (after a one-file change)`,
    );
    const resent = reviewRequests(await ctx.fastModel.requests());
    resent.forEach((request) => allRequests.push({ request, budget: 120_000 }));
    const resentTokens = sum(resent.map((request) => promptTokens(userPromptOf(request))));
    const after = report(ws, BIG);
    rows.push({
      id: '9',
      name: 'Tokens sent after a one-file change, 200-file project',
      measured: `${resentTokens.toLocaleString('en')} (${resent.length} of ${after.chunks} chunks sent)`,
      baseline: `full project ${fullTokens.toLocaleString('en')} (${full.length} calls)`,
      ratio: resentTokens / fullTokens,
      ratioText: `${((resentTokens / fullTokens) * 100).toFixed(1)}%`,
      target: '<= 15%',
      pass: resentTokens / fullTokens <= 0.15,
      reps: 1,
      notes: [
        `#9 prompt tokens (o200k) of the review prompts the model got; scope project, chunkTokens 16,000 (default), ${CHANGED_FILE} with 4 lines appended. Chunks: ${after.chunkResults.map((chunk) => chunk.source).join(' ')}.`,
      ],
      details: {
        fullTokens,
        resentTokens,
        chunks: after.chunks,
        sources: after.chunkResults.map((chunk) => chunk.source),
      },
    });

    // 10. Tight budgets: the same project at maxPromptTokens 30,000, and two files that together exceed Codex's character limit.
    await ctx.fastModel.reset();
    expectOk(
      ws.nx(
        [
          'run',
          `${BIG}:codex-review`,
          '--skip-nx-cache',
          '--chunkStore=false',
          `--maxPromptTokens=${TIGHT_BUDGET}`,
          `--chunkTokens=${TIGHT_BUDGET}`,
        ],
        ctx.fastHome.env,
      ),
      'tight budget review',
    );
    reviewRequests(await ctx.fastModel.requests()).forEach((request) =>
      allRequests.push({ request, budget: TIGHT_BUDGET }),
    );
    const wide = Array.from({ length: 600 }, (_, i) => `${'x'.repeat(990)} ${i}`).join('\n');
    ws.write('libs/wide/project.json', JSON.stringify({ name: 'wide', projectType: 'library' }));
    ws.write('libs/wide/src/a.txt', wide);
    ws.write('libs/wide/src/b.txt', wide);
    await ctx.fastModel.reset();
    expectOk(
      ws.nx(
        ['run', 'wide:codex-review', '--maxFileBytes=2000000', '--maxPromptTokens=1000000', '--chunkTokens=1000000'],
        ctx.fastHome.env,
      ),
      'wide review',
    );
    const wideRequests = reviewRequests(await ctx.fastModel.requests());
    wideRequests.forEach((request) => allRequests.push({ request, budget: 1_000_000 }));
    const over = allRequests.filter(
      ({ request, budget }) =>
        requestTokens(request) > budget || userPromptOf(request).length > core.CODEX_INPUT_CHAR_LIMIT,
    );
    const largestChars = Math.max(...allRequests.map(({ request }) => userPromptOf(request).length));
    rows.push({
      id: '10',
      name: "Requests over budget (tokens incl. Codex's share; 1,048,576 chars)",
      measured: `${over.length} of ${allRequests.length}`,
      baseline: '-',
      target: '0',
      pass: over.length === 0,
      reps: 1,
      notes: [
        `#10 every request of #8-#10 (${allRequests.length}), whole request in o200k tokens against its run's maxPromptTokens (120,000; ${TIGHT_BUDGET.toLocaleString('en')} for the tight run; 1,000,000 for two 600,000-character files, sent in ${wideRequests.length} calls), prompt characters against Codex's limit; largest prompt ${largestChars.toLocaleString('en')} characters.`,
      ],
      details: { requests: allRequests.length, over: over.length, wideCalls: wideRequests.length, largestChars },
    });
  } finally {
    ws.cleanup();
  }

  // 11. A run budget lower than the affected set needs: measured on one copy, enforced on a clean one.
  const projects = generateWorkspaceProjects(10, 6, 11);
  const measure = createBenchWorkspace({ projects });
  const limited = createBenchWorkspace({ projects });
  try {
    expectOk(
      measure.nx(['run-many', '-t', 'codex-review', '--parallel=3'], ctx.fastHome.env),
      'run-many without a budget',
    );
    const usageOf = (w, project) => report(w, project).usage;
    const needed = sum(
      Object.keys(projects).map(
        (project) => usageOf(measure, project).inputTokens + usageOf(measure, project).outputTokens,
      ),
    );
    const budget = Math.round(needed / 2);
    await ctx.fastModel.reset();
    const run = limited.nx(
      ['run-many', '-t', 'codex-review', '--parallel=3', `--maxRunTokens=${budget}`],
      ctx.fastHome.env,
    );
    const done = Object.keys(projects).filter((project) =>
      existsSync(join(limited.dir, 'dist/codex-review', project, 'review.json')),
    );
    const spent = sum(
      done.map((project) => usageOf(limited, project).inputTokens + usageOf(limited, project).outputTokens),
    );
    const calls = reviewRequests(await ctx.fastModel.requests()).length;
    const refused = (run.output.match(/review failed: Run budget reached/g) ?? []).length;
    rows.push({
      id: '11',
      name: 'Run budget: tokens spent over it',
      measured: `${Math.max(0, spent - budget).toLocaleString('en')} over (spent ${spent.toLocaleString('en')} of ${budget.toLocaleString('en')})`,
      baseline: `whole run needs ${needed.toLocaleString('en')}`,
      target: '0',
      pass: spent <= budget && refused > 0,
      reps: 1,
      notes: [
        `#11 10 projects, nx run-many --parallel=3 --maxRunTokens=${budget} (half of what the same run spent without a budget): ${calls} calls made, ${done.length} tasks done, ${refused} refused with "Run budget reached"; spent = model-reported usage of the done tasks (review.json), the same figures the ledger books.`,
      ],
      details: { needed, budget, spent, calls, done: done.length, refused },
    });
  } finally {
    measure.cleanup();
    limited.cleanup();
  }
  return rows;
}
