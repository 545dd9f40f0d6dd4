import { join } from 'node:path';
import { z } from 'zod/v4';
import { renderSummary } from '@nx-codex/core';
import { requireProject } from '../projects';
import { projectReviewStatus, reviewOutputDir } from '../review-status';
import { REVIEW_TARGET } from '../targets';
import { defineTool } from '../tool';
import { jsonSchemaOf } from './json-schema';

const getReviewArgs = z
  .object({ project: z.string().min(1).describe('Nx project name (list_projects shows them).') })
  .strict();

export const getReviewTool = defineTool({
  name: 'get_review',
  title: 'Get the last Codex review of a project',
  description:
    'Return the last codex-review report of a project without running anything, and say whether it is current ' +
    '(the project, its context and the Codex settings are unchanged since) or stale (call review_project to refresh it).',
  inputSchema: jsonSchemaOf(getReviewArgs),
  args: getReviewArgs,
  async run(args, ctx) {
    const project = await requireProject(ctx.workspaceRoot, args.project, ctx.signal);
    const status = await projectReviewStatus(ctx.workspaceRoot, project);
    const reportFile = join(reviewOutputDir(ctx.workspaceRoot, project), 'review.json');
    const structured = {
      project: project.name,
      exists: status.report !== undefined,
      current: status.current,
      stale: !status.current,
      reason: status.reason,
      reportFile,
      report: status.report ?? null,
    };
    if (!status.report) {
      const hint =
        REVIEW_TARGET in project.targets
          ? 'call review_project to create it'
          : `the project has no ${REVIEW_TARGET} target`;
      return { text: `${project.name}: no review yet (${hint}).`, structured };
    }
    const freshness = status.current ? 'CURRENT' : 'STALE (call review_project to refresh it)';
    return {
      text: `${project.name}: ${freshness}: ${status.reason}.\n${renderSummary(status.report, { color: false, top: 10 }).trimEnd()}`,
      structured,
    };
  },
});
