import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { runProjectTarget } from '../project-target';
import { GENERATE_TESTS_TARGET } from '../targets';
import { defineTool, ToolError } from '../tool';
import { jsonSchemaOf } from './json-schema';

const generateTestsArgs = z
  .object({
    project: z.string().min(1).describe('Nx project name (list_projects shows them).'),
    dryRun: z.boolean().optional().describe('Write nothing into the project: only report the tests Codex would add.'),
  })
  .strict();

function readReport(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ToolError(`The ${GENERATE_TESTS_TARGET} target finished but its report ${file} could not be read: ${(error as Error).message}.`);
  }
}

export const generateTestsTool = defineTool({
  name: 'generate_tests',
  title: 'Generate tests for an Nx project with Codex',
  description:
    'Run `nx run <project>:codex-generate-tests` through Nx: Codex writes tests for the project and only those that pass ' +
    'are kept. With dryRun, nothing is written. Returns the target\'s report (dist/codex-generate-tests/<project>/report.json).',
  inputSchema: jsonSchemaOf(generateTestsArgs),
  args: generateTestsArgs,
  async run(args, ctx) {
    const { run, cache } = await runProjectTarget(ctx, args.project, GENERATE_TESTS_TARGET, args.dryRun ? ['--dryRun'] : []);
    const reportFile = join(ctx.workspaceRoot, 'dist', GENERATE_TESTS_TARGET, args.project, 'report.json');
    const report = readReport(reportFile);
    const origin = cache ? ` (from the Nx ${cache} cache)` : '';
    const lastLines = run.stdout.trimEnd().split('\n').slice(-10).join('\n');
    return {
      text: `${args.project}: ${run.command} succeeded${origin}. Report: ${reportFile}\n${lastLines}`,
      structured: { project: args.project, dryRun: args.dryRun ?? false, fromCache: cache !== undefined, cache: cache ?? null, reportFile, report },
    };
  },
});
