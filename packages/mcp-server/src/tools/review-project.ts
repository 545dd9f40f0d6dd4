import { join } from 'node:path';
import { z } from 'zod/v4';
import { readReviewJson, renderSummary } from '@nx-codex/core';
import { runProjectTarget } from '../project-target';
import { readProjects, requireProject } from '../projects';
import { projectReviewStatus, reviewOutputDir } from '../review-status';
import { REVIEW_TARGET } from '../targets';
import { defineTool, ToolError } from '../tool';
import { jsonSchemaOf } from './json-schema';

const reviewProjectArgs = z
  .object({
    project: z.string().min(1).describe('Nx project name (list_projects shows them).'),
    scope: z
      .enum(['project', 'changes'])
      .optional()
      .describe(
        '"project" reviews all of its files; "changes" only the files changed against the base branch, each with its diff (the target must be configured with scope "changes", whose cache key holds the base commit; otherwise the run fails and says how). Default: the target\'s own option.',
      ),
  })
  .strict();

export const reviewProjectTool = defineTool({
  name: 'review_project',
  title: 'Review an Nx project with Codex',
  description:
    'Run `nx run <project>:codex-review` through Nx and return the findings. An unchanged project is answered from ' +
    'the Nx cache (local or remote) without calling the model; `fromCache` says so. Reports are written to ' +
    "the target's outputPath (default dist/codex-review/<project>): review.{json,md,sarif}.",
  inputSchema: jsonSchemaOf(reviewProjectArgs),
  args: reviewProjectArgs,
  async run(args, ctx) {
    const outputDir = reviewOutputDir(
      ctx.workspaceRoot,
      await requireProject(ctx.workspaceRoot, args.project, ctx.signal),
    );
    // A failed failOn gate exits non-zero but leaves a current report (a failed review removes it
    // first): that is an answer, not an error.
    const gateFailedOnly = async () => {
      if (!readReviewJson(outputDir)) return false;
      const project = (await readProjects(ctx.workspaceRoot, ctx.signal)).find((p) => p.name === args.project);
      return (
        project !== undefined &&
        (await projectReviewStatus(ctx.workspaceRoot, project, args.scope ? { scope: args.scope } : {})).current
      );
    };
    const flags = args.scope ? [`--scope=${args.scope}`] : [];
    const { run, cache } = await runProjectTarget(ctx, args.project, REVIEW_TARGET, flags, gateFailedOnly);
    const report = readReviewJson(outputDir);
    if (!report) {
      throw new ToolError(
        `\`${run.command}\` succeeded but left no review at ${join(outputDir, 'review.json')}. Check the target's outputs in project.json.`,
      );
    }
    const gateFailed = run.exitCode !== 0;
    const files = {
      json: join(outputDir, 'review.json'),
      markdown: join(outputDir, 'review.md'),
      sarif: join(outputDir, 'review.sarif'),
    };
    const origin = cache ? `from the Nx ${cache} cache, no model call` : 'fresh review';
    const text = [
      `${args.project}: ${origin}.`,
      renderSummary(report, { color: false, top: 10, reportPath: files.markdown }).trimEnd(),
      gateFailed ? 'The target failed its failOn gate: findings at or above the threshold exist.' : '',
      `Reports: ${files.markdown}`,
    ]
      .filter(Boolean)
      .join('\n');
    return {
      text,
      structured: {
        project: args.project,
        fromCache: cache !== undefined,
        cache: cache ?? null,
        gateFailed,
        reportFiles: files,
        report,
      },
    };
  },
});
