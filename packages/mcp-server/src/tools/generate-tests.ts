import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { runProjectTarget } from '../project-target';
import { requireProject } from '../projects';
import { targetOutputDir } from '../review-status';
import { GENERATE_TESTS_TARGET } from '../targets';
import { defineTool, ToolError } from '../tool';
import { jsonSchemaOf } from './json-schema';

const generateTestsArgs = z
  .object({
    project: z.string().min(1).describe('Nx project name (list_projects shows them).'),
    dryRun: z
      .boolean()
      .optional()
      .describe('Change nothing in the workspace: the tests that would be kept go to a patch file instead.'),
  })
  .strict();

/** The fields of @nx-codex/test-generation's report.json this tool reads. */
interface GenerateReport {
  status?: 'completed' | 'failed' | 'cancelled';
  message?: string;
  patch?: string;
  summary?: { written: number; kept: number; repaired: number; discarded: number; rejected: number; testsKept: number };
  files?: Array<{ path: string; status: string; reason?: string; tests?: number }>;
}

function readReport(file: string): GenerateReport & Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as GenerateReport & Record<string, unknown>;
  } catch (error) {
    throw new ToolError(
      `The ${GENERATE_TESTS_TARGET} target finished but its report ${file} could not be read: ${(error as Error).message}.`,
    );
  }
}

function writtenSince(file: string, since: number): boolean {
  try {
    return statSync(file).mtimeMs >= since - 1000;
  } catch {
    return false;
  }
}

function describeReport(project: string, report: GenerateReport, reportFile: string): string {
  const s = report.summary;
  const lines = [`${project}: ${report.message ?? report.status ?? 'finished'}`];
  if (s)
    lines.push(
      `files written ${s.written}, kept ${s.kept} (${s.repaired} after repair), discarded ${s.discarded}; tests kept ${s.testsKept}; changes rejected ${s.rejected}`,
    );
  for (const file of report.files ?? [])
    lines.push(
      `  ${file.path}: ${file.status}${file.reason ? ` (${file.reason})` : ''}${file.tests ? `, ${file.tests} tests` : ''}`,
    );
  if (report.patch) lines.push(`Patch: ${report.patch}`);
  lines.push(`Report: ${reportFile}`);
  return lines.join('\n');
}

export const generateTestsTool = defineTool({
  name: 'generate_tests',
  title: 'Generate tests for an Nx project with Codex',
  description:
    'Run `nx run <project>:codex-generate-tests` through Nx: Codex writes tests for the project and only those that pass ' +
    "the project's own test run are kept. With dryRun the workspace is left unchanged and the kept tests go to a patch. " +
    "Returns the target's report (report.json in its outputPath, default dist/codex-generate-tests/<project>).",
  inputSchema: jsonSchemaOf(generateTestsArgs),
  args: generateTestsArgs,
  async run(args, ctx) {
    const project = await requireProject(ctx.workspaceRoot, args.project, ctx.signal);
    const reportFile = join(targetOutputDir(ctx.workspaceRoot, project, GENERATE_TESTS_TARGET), 'report.json');
    const startedAt = Date.now();
    // A failed run still writes its report, which says why: that is the answer to give back.
    const { cache } = await runProjectTarget(
      ctx,
      args.project,
      GENERATE_TESTS_TARGET,
      args.dryRun ? ['--dryRun'] : [],
      async () => writtenSince(reportFile, startedAt),
    );
    const report = readReport(reportFile);
    return {
      text: describeReport(args.project, report, reportFile),
      structured: {
        project: args.project,
        dryRun: args.dryRun ?? false,
        fromCache: cache !== undefined,
        cache: cache ?? null,
        reportFile,
        report,
      },
      isError: report.status !== 'completed',
    };
  },
});
