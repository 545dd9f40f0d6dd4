import { graphInputsStamp } from './graph-inputs-stamp';
import { closestNames } from '@nx-codex/core';
import { runNx, tail } from './nx';
import { ToolError } from './tool';

export interface TargetInfo {
  executor?: string;
  options?: Record<string, unknown>;
  configurations?: Record<string, Record<string, unknown>>;
  defaultConfiguration?: string;
}

export interface ProjectInfo {
  name: string;
  /** Workspace-relative. */
  root: string;
  targets: Record<string, TargetInfo>;
}

interface GraphFile {
  graph?: { nodes?: Record<string, { name?: string; data?: { root?: string; targets?: Record<string, TargetInfo> } }> };
}

interface KnownGraph {
  stamp: string;
  projects: Promise<ProjectInfo[]>;
}

/** The last graph read per workspace, with the stamp of the workspace's graph inputs taken before Nx read it. */
const knownGraphs = new Map<string, KnownGraph>();

/**
 * Every project Nx knows, with its root and targets. Asks Nx (one `nx graph --file=stdout`, 7–8 s
 * on a real workspace) only when the graph inputs changed since the last answer (graphInputsStamp,
 * ~stat calls only); otherwise answers from memory. The stamp is taken before Nx starts, so an
 * edit made while Nx reads the workspace makes the next call ask again. Calls that arrive while
 * Nx runs share its answer; a failed or cancelled read is not kept.
 */
export async function readProjects(workspaceRoot: string, signal?: AbortSignal): Promise<ProjectInfo[]> {
  const stamp = graphInputsStamp(workspaceRoot);
  const known = knownGraphs.get(workspaceRoot);
  if (known?.stamp === stamp) return known.projects;
  const projects = readProjectsFromNx(workspaceRoot, signal);
  const entry = { stamp, projects };
  knownGraphs.set(workspaceRoot, entry);
  projects.catch(() => {
    if (knownGraphs.get(workspaceRoot) === entry) knownGraphs.delete(workspaceRoot);
  });
  return projects;
}

/** One `nx graph --file=stdout` (as fast as `nx show projects --json`, which gives names only). */
async function readProjectsFromNx(workspaceRoot: string, signal?: AbortSignal): Promise<ProjectInfo[]> {
  const run = await runNx(workspaceRoot, ['graph', '--file=stdout'], { signal });
  if (run.cancelled) throw new ToolError(`Cancelled: \`${run.command}\` was stopped.`);
  if (run.exitCode !== 0) {
    throw new ToolError(
      `\`${run.command}\` failed in ${workspaceRoot} (exit ${run.exitCode}). Fix the workspace so that Nx can read it:\n${tail(run.output)}`,
    );
  }
  let parsed: GraphFile | undefined;
  try {
    parsed = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as GraphFile;
  } catch {
    /* reported below */
  }
  const nodes = parsed?.graph?.nodes;
  if (!nodes) throw new ToolError(`\`${run.command}\` did not print Nx's project graph as JSON:\n${tail(run.stdout)}`);
  return Object.entries(nodes)
    .map(([name, node]) => ({ name, root: node.data?.root ?? '', targets: node.data?.targets ?? {} }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The error for a project name that Nx does not know, naming the closest ones that exist. */
export function unknownProjectError(project: string, known: readonly string[]): ToolError {
  const close = closestNames(project, known);
  const hint = close.length
    ? `Did you mean ${close.map((n) => `"${n}"`).join(' or ')}?`
    : `Known projects: ${known.length ? known.join(', ') : '(none)'}.`;
  return new ToolError(`Unknown project "${project}" in the workspace. ${hint} (list_projects shows them all.)`);
}

/** The project named `project`, or unknownProjectError. */
export async function requireProject(
  workspaceRoot: string,
  project: string,
  signal?: AbortSignal,
): Promise<ProjectInfo> {
  const projects = await readProjects(workspaceRoot, signal);
  const found = projects.find((p) => p.name === project);
  if (!found)
    throw unknownProjectError(
      project,
      projects.map((p) => p.name),
    );
  return found;
}
