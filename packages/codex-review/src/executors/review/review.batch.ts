import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { batchConcurrency } from './batch-concurrency';
import { runReviewTask } from './review-task';
import type { ReviewExecutorSchema } from './schema';

interface BatchResult {
  task: string;
  result: { success: boolean; terminalOutput: string };
}

/**
 * `nx run-many -t codex-review --batch` (or NX_BATCH_MODE=true): one process reviews every task
 * of the batch, so Nx's task process and core load once instead of once per project, and the
 * model calls go to threads of one shared `codex app-server` instead of a `codex exec` each. Each
 * task runs exactly as the single-task executor runs it (runReviewTask) with its own output, and
 * is reported to Nx as soon as it ends; a failing task fails only itself. As many have calls out at
 * the model at once as Nx's `--parallel` says, and as many more prepare behind them; their own work
 * (preparing, writing reports) takes turns on the thread (core's ReviewSchedule).
 */
export default async function* reviewBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, ReviewExecutorSchema>,
  _overrides: ReviewExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchResult> {
  const { AppServerPool, ReviewSchedule, nxCommandLine } = await import('@nx-codex/core');
  const appServer = new AppServerPool();
  const queue = Object.keys(inputs);
  const total = queue.length;
  const concurrency = batchConcurrency(nxCommandLine(), process.env, context.nxJsonConfiguration?.parallel);
  // Own work yields to Codex starting the turns just sent, for at most a quarter second.
  const schedule = new ReviewSchedule(concurrency, () => appServer.startsAnswered(250));
  const done: BatchResult[] = [];
  let wake: (() => void) | undefined;
  const finish = (result: BatchResult) => {
    done.push(result);
    wake?.();
  };
  const worker = async () => {
    for (let taskId = queue.shift(); taskId !== undefined; taskId = queue.shift())
      finish(await runOne(taskId, taskGraph, inputs[taskId], context, { total, appServer, schedule }));
  };
  // Twice as many reviews in hand as calling the model: each slot freed finds a review prepared.
  void Promise.all(Array.from({ length: Math.min(concurrency * 2, total) }, worker));
  try {
    for (let reported = 0; reported < total; reported++) {
      if (!done.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      yield done.shift() as BatchResult;
    }
  } finally {
    await appServer.close();
  }
}

async function runOne(
  taskId: string,
  taskGraph: TaskGraph,
  options: ReviewExecutorSchema,
  context: ExecutorContext,
  batch: {
    total: number;
    appServer: InstanceType<typeof import('@nx-codex/core').AppServerPool>;
    schedule: InstanceType<typeof import('@nx-codex/core').ReviewSchedule>;
  },
): Promise<BatchResult> {
  const task = taskGraph.tasks[taskId];
  const lines: string[] = [
    `[codex-review ${task.target.project}] one of a batch of ${batch.total} reviews in one process (${batch.schedule.concurrency} at once at the model, one shared codex app-server)`,
  ];
  const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  const taskContext: ExecutorContext = {
    ...context,
    projectName: task.target.project,
    targetName: task.target.target,
    configurationName: task.target.configuration,
    target: context.projectsConfigurations.projects[task.target.project]?.targets?.[task.target.target],
  };
  try {
    const { success } = await runReviewTask(options, taskContext, output, {
      appServer: batch.appServer,
      schedule: batch.schedule,
    });
    return { task: taskId, result: { success, terminalOutput: lines.map((line) => `${line}\n`).join('') } };
  } catch (error) {
    lines.push(
      `[codex-review ${task.target.project}] review failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { task: taskId, result: { success: false, terminalOutput: lines.map((line) => `${line}\n`).join('') } };
  }
}
