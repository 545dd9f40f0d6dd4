// 7. MCP tool latency: warm `list_projects` and `get_review` calls against a bare MCP round trip (`tools/list`).
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateProjectFiles } from '../lib/generate.mjs';
import { median, round, seconds } from '../lib/stats.mjs';
import { createBenchWorkspace, MODULES } from '../lib/workspace.mjs';

const SERVER_MAIN = join(MODULES, '@nx-codex/mcp-server/dist/main.js');
const PROJECTS = 20;

async function timed(call) {
  const started = performance.now();
  const result = await call();
  if (result?.isError) throw new Error(`tool call failed: ${JSON.stringify(result.content).slice(0, 2000)}`);
  return performance.now() - started;
}

async function medianOf(reps, call) {
  const values = [];
  for (let i = 0; i < reps; i++) values.push(await timed(call));
  return { medianMs: round(median(values)), runsMs: values.map((v) => round(v)) };
}

export async function mcpLatency(ctx) {
  const projects = Object.fromEntries(
    Array.from({ length: PROJECTS }, (_, i) => [`lib${i}`, generateProjectFiles(5, i)]),
  );
  const ws = createBenchWorkspace({ projects });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_MAIN],
    cwd: ws.dir,
    env: { ...process.env, ...ctx.fastHome.env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'nx-codex-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
    const reps = ctx.reps(9, 5);
    const listTools = () => client.listTools();
    const listProjects = () => client.callTool({ name: 'list_projects', arguments: {} });
    const getReview = () => client.callTool({ name: 'get_review', arguments: { project: 'lib0' } });
    await timed(listTools);
    const firstListMs = round(await timed(listProjects));
    const bare = await medianOf(reps, listTools);
    const list = await medianOf(reps, listProjects);
    const review = await medianOf(reps, getReview);
    const worstMs = Math.max(list.medianMs, review.medianMs);
    return [
      {
        id: '7',
        name: `MCP list_projects / get_review, warm (${PROJECTS} projects)`,
        measured: `${seconds(list.medianMs)} / ${seconds(review.medianMs)}`,
        baseline: `${seconds(bare.medianMs)} tools/list`,
        ratio: round(worstMs / bare.medianMs, 1),
        ratioText: `${(worstMs / bare.medianMs).toFixed(1)}x`,
        target: 'each <= 1 s',
        pass: worstMs <= 1000,
        reps,
        notes: [
          `#7 medians: tools/list ${bare.medianMs} ms, list_projects ${list.medianMs} ms, get_review ${review.medianMs} ms; the first list_projects (the server asks Nx for the graph once) took ${firstListMs} ms.`,
        ],
        details: { toolsList: bare, listProjects: list, getReview: review, firstListProjectsMs: firstListMs },
      },
    ];
  } finally {
    await client.close().catch(() => undefined);
    ws.cleanup();
  }
}
