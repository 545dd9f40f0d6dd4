// The 40-project workspace shared by the fan-out, incremental and team-cache benchmarks.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkspaceProjects } from './generate.mjs';
import { expectOk } from './workspace.mjs';

export const FLEET_PROJECTS = 40;
export const FLEET_FILES = 5;
export const PARALLEL = 8;

/** Same seed, same files: two workspaces made from this spec get the same Nx task hashes. */
export const fleetSpec = () => ({ projects: generateWorkspaceProjects(FLEET_PROJECTS, FLEET_FILES, 7) });

/** `nx <command> -t codex-review --parallel=8`, with the model's request count for that run. */
export async function reviewFleet(ws, model, env, command = ['run-many'], extra = []) {
  await model.reset();
  const result = expectOk(
    ws.timedNx([...command, '-t', 'codex-review', `--parallel=${PARALLEL}`, ...extra], env),
    `nx ${command.join(' ')} -t codex-review`,
  );
  const requests = (await model.requests()).filter((request) => request.path.endsWith('/responses'));
  // eslint-disable-next-line no-control-regex -- nx's colour codes are what this removes
  const output = result.output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (pattern) => (output.match(pattern) ?? []).length;
  let transport;
  try {
    transport = JSON.parse(readFileSync(join(ws.dir, 'dist/codex-review/p00/review.json'), 'utf8')).transport;
  } catch {
    transport = undefined; // p00 was not reviewed in this run
  }
  return {
    transport,
    ms: result.ms,
    cpuMs: result.cpuMs,
    modelCalls: requests.length,
    tasksRun: count(/^> nx run \S+:codex-review *$/gm),
    fromLocalCache: count(/^> nx run \S+:codex-review +\[(local cache|existing outputs match the cache)/gm),
    fromRemoteCache: count(/^> nx run \S+:codex-review +\[remote cache\]/gm),
    output,
  };
}

export const removeReports = (ws) => rmSync(join(ws.dir, 'dist'), { recursive: true, force: true });
