import type { ExecutorContext } from '@nx/devkit';
import { runReviewTask } from './review-task';
import type { ReviewExecutorSchema } from './schema';

/** `@nx-codex/codex-review:review`: one task, its lines on the terminal. */
export default async function reviewExecutor(
  options: ReviewExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runReviewTask(options, context, { out: (line) => console.log(line), err: (line) => console.error(line) });
}
