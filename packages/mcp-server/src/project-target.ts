import { cacheSource, runNx, tail, type NxRun } from './nx';
import { readProjects, unknownProjectError } from './projects';
import { HOW_TO_ADD_TARGET } from './targets';
import { ToolError, type ToolContext } from './tool';

export interface TargetRun {
  run: NxRun;
  /** Where Nx took the result from, when it did not run the task. */
  cache?: 'local' | 'remote';
}

/** Why `nx run project:target` failed, in words the caller can act on. */
async function explainFailure(ctx: ToolContext, project: string, target: string, run: NxRun): Promise<ToolError> {
  const projects = await readProjects(ctx.workspaceRoot, ctx.signal).catch(() => undefined);
  const found = projects?.find((p) => p.name === project);
  if (projects && !found)
    return unknownProjectError(
      project,
      projects.map((p) => p.name),
    );
  if (projects && found && !found.targets[target]) {
    const how = (HOW_TO_ADD_TARGET[target] ?? '').replace('<project>', project);
    const withTarget = projects.filter((p) => p.targets[target]).map((p) => p.name);
    return new ToolError(
      `Project "${project}" has no "${target}" target.` +
        (how ? ` Add it with \`${how}\` (or register the @nx-codex plugin in nx.json), then call again.` : '') +
        (withTarget.length ? ` Projects that have it: ${withTarget.join(', ')}.` : ''),
    );
  }
  return new ToolError(
    `\`${run.command}\` failed (exit ${run.exitCode}) in ${ctx.workspaceRoot}. Its output ends with:\n${tail(run.output)}`,
  );
}

/**
 * Runs `nx run <project>:<target>` through Nx (so the cache answers unchanged projects), with
 * each output line as progress. `acceptFailure` returns a failed run instead of throwing, for
 * targets whose non-zero exit still leaves a report (a failed review gate).
 */
export async function runProjectTarget(
  ctx: ToolContext,
  project: string,
  target: string,
  flags: string[],
  acceptFailure: (run: NxRun) => Promise<boolean> = async () => false,
): Promise<TargetRun> {
  const args = ['run', `${project}:${target}`, '--outputStyle=static', ...flags];
  ctx.progress(`running nx ${args.join(' ')}`);
  const run = await runNx(ctx.workspaceRoot, args, { signal: ctx.signal, onLine: (line) => ctx.progress(line) });
  if (run.cancelled) throw new ToolError(`Cancelled: \`${run.command}\` was stopped.`);
  if (run.exitCode !== 0 && !(await acceptFailure(run))) throw await explainFailure(ctx, project, target, run);
  return { run, cache: cacheSource(run.output) };
}
