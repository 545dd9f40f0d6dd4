import { z } from 'zod/v4';
import { formatError } from '@nx-codex/core';
import { readProjects, type ProjectInfo } from '../projects';
import { projectReviewStatus } from '../review-status';
import { GENERATE_TESTS_TARGET, REVIEW_TARGET } from '../targets';
import { defineTool } from '../tool';
import { jsonSchemaOf } from './json-schema';

const listProjectsArgs = z.object({}).strict();

interface ProjectRow {
  name: string;
  root: string;
  targets: { review: boolean; generateTests: boolean };
  /** "none" when the project has no codex-review target. */
  review: {
    status: 'current' | 'stale' | 'missing' | 'none' | 'unknown';
    reason: string;
    verdict?: string;
    findings?: number;
    createdAt?: string;
  };
}

export const listProjectsTool = defineTool({
  name: 'list_projects',
  title: 'List Nx projects',
  description:
    'List the projects of this Nx workspace, which of them have the codex-review and codex-generate-tests targets, ' +
    "and whether each project's last Codex review is still current (nothing changed since) or stale.",
  inputSchema: jsonSchemaOf(listProjectsArgs),
  args: listProjectsArgs,
  async run(_args, ctx) {
    const projects = await readProjects(ctx.workspaceRoot, ctx.signal);
    // One project at a time: each reads the project's files with git.
    const rows: ProjectRow[] = [];
    for (const project of projects) {
      ctx.signal?.throwIfAborted();
      rows.push(await projectRow(ctx.workspaceRoot, project));
    }
    const lines = rows.map((row) => {
      const review = row.review;
      const detail =
        review.findings === undefined
          ? review.reason
          : `${review.findings} finding(s), ${review.verdict}; ${review.reason}`;
      return `${row.name} (${row.root || '.'}): review ${review.status}${review.status === 'none' ? '' : ` — ${detail}`}`;
    });
    return {
      text: rows.length ? lines.join('\n') : `No projects in ${ctx.workspaceRoot}.`,
      structured: { workspaceRoot: ctx.workspaceRoot, projects: rows },
    };
  },
});

/** The project's targets and whether its last review is current. */
async function projectRow(workspaceRoot: string, project: ProjectInfo): Promise<ProjectRow> {
  const targets = {
    review: REVIEW_TARGET in project.targets,
    generateTests: GENERATE_TESTS_TARGET in project.targets,
  };
  if (!targets.review)
    return {
      name: project.name,
      root: project.root,
      targets,
      review: { status: 'none', reason: `no ${REVIEW_TARGET} target` },
    };
  try {
    const status = await projectReviewStatus(workspaceRoot, project);
    const report = status.report;
    return {
      name: project.name,
      root: project.root,
      targets,
      review: {
        status: !report ? 'missing' : status.current ? 'current' : 'stale',
        reason: status.reason,
        ...(report && { verdict: report.verdict, findings: report.findings.length, createdAt: report.createdAt }),
      },
    };
  } catch (error) {
    return {
      name: project.name,
      root: project.root,
      targets,
      review: { status: 'unknown', reason: formatError(error) },
    };
  }
}
