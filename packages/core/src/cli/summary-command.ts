import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { priorityCounts } from '../reports/format';
import { renderRunSummary, overallVerdict } from '../reports/render-run-summary';
import { githubAnnotations } from '../reports/github-annotations';
import { renderSarifLog } from '../reports/render-sarif';
import { repositoryPrefix } from '../reports/report-options';
import { verdictText } from '../findings/verdict';
import { readRunReports, type RunReport } from '../review/read-run-reports';
import { removeRunMarkers } from '../review/run-marker';
import { terminalText } from '../sanitise';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import { parseOrUsage } from './parse';
import { workspaceRootFor } from './workspace';

export const SUMMARY_HELP = `Usage: nx-codex summary [--projects a,b] [--reports-dir DIR] [--out-dir DIR] [--step-summary] [--annotations cached|all|none] [--keep-markers]

After \`nx affected -t codex-review\` (or run-many): one Markdown comment and one SARIF log for all
the projects of the run, read from their review.json under dist/codex-review/<project>/. Findings
are ordered by priority across projects, the comment stays under GitHub's 65,536-character limit,
and each project says whether it was reviewed now, reused, or restored from the Nx cache (no
model call), with the tokens this run spent.

Options:
  --projects a,b      only these projects (default: every project folder under the reports folder)
  --reports-dir DIR   where the reviews are (default: <workspace>/dist/codex-review)
  --out-dir DIR       where summary.md and summary.sarif go (default: <workspace>/dist/codex-review-summary,
                      outside the reports folder, so an upload of dist/codex-review/*.sarif does not
                      send every finding twice)
  --step-summary      also append the comment to $GITHUB_STEP_SUMMARY (GitHub Actions job summary)
  --annotations WHICH GitHub annotations to print: \`cached\` (default when GITHUB_ACTIONS=true) for the
                      projects restored from the Nx cache, whose replayed output has annotations only
                      if the run that filled the cache was itself on GitHub Actions; \`all\`; \`none\`
                      (default elsewhere)
  --keep-markers      keep the "reviewed in this run" markers (by default the summary consumes them,
                      so the next run's summary does not count this run's reviews as its own)
  --workspace DIR     the Nx workspace root (default: the nearest folder at or above this one with nx.json)
  -h, --help          this help

Exit codes: 0 summary written (whatever the verdict), 1 no report found, 2 a wrong command line.
`;

export function summaryCommand(argv: string[], io: CliIo): number {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: argv,
      options: {
        projects: { type: 'string' },
        'reports-dir': { type: 'string' },
        'out-dir': { type: 'string' },
        'step-summary': { type: 'boolean' },
        annotations: { type: 'string' },
        'keep-markers': { type: 'boolean' },
        workspace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.help) {
    io.stdout(SUMMARY_HELP);
    return EXIT_OK;
  }
  const annotations = values.annotations ?? (io.env.GITHUB_ACTIONS === 'true' ? 'cached' : 'none');
  if (!['cached', 'all', 'none'].includes(annotations)) {
    io.stderr(`nx-codex summary: --annotations must be cached, all or none (got "${terminalText(annotations)}").\n`);
    return EXIT_USAGE;
  }
  const workspaceRoot = workspaceRootFor(io.cwd, values.workspace);
  const reportsDir = resolve(io.cwd, values['reports-dir'] ?? join(workspaceRoot, 'dist/codex-review'));
  const projects = values.projects
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const reports = readRunReports(reportsDir, projects);
  if (!reports.some((report) => report.result)) {
    io.stderr(
      `nx-codex summary: no review.json under ${reportsDir}${projects ? ` for ${projects.join(', ')}` : ''}. Run \`nx affected -t codex-review\` first, or pass --reports-dir.\n`,
    );
    return EXIT_ERROR;
  }
  const outDir = resolve(io.cwd, values['out-dir'] ?? join(workspaceRoot, 'dist/codex-review-summary'));
  mkdirSync(outDir, { recursive: true });
  const markdown = renderRunSummary(reports);
  const files = { markdown: join(outDir, 'summary.md'), sarif: join(outDir, 'summary.sarif') };
  writeFileSync(files.markdown, markdown);
  const results = reports.flatMap((report) => (report.result ? [report.result] : []));
  writeFileSync(files.sarif, renderSarifLog(results, { pathPrefix: repositoryPrefix(workspaceRoot) }));
  if (values['step-summary'] && io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  if (!values['keep-markers']) removeRunMarkers(reportsDir);
  io.stdout(terminalSummary(reports, files, workspaceRoot));
  // Workflow commands on their own lines, at the start (the runner reads nothing else).
  const annotated = reports.flatMap((report) =>
    report.result && (annotations === 'all' || (annotations === 'cached' && report.source === 'nx-cache'))
      ? [report.result]
      : [],
  );
  const prefix = repositoryPrefix(workspaceRoot);
  for (const result of annotated)
    for (const line of githubAnnotations(result, { pathPrefix: prefix })) io.stdout(`${line}\n`);
  return EXIT_OK;
}

function terminalSummary(
  reports: RunReport[],
  files: { markdown: string; sarif: string },
  workspaceRoot: string,
): string {
  const results = reports.flatMap((report) => (report.result ? [report.result] : []));
  const lines = [`Codex review of ${reports.length} project(s): ${verdictText({ verdict: overallVerdict(results) })}`];
  for (const report of reports) {
    const result = report.result;
    if (!result) {
      lines.push(`  ${terminalText(report.project)}: no report (the review failed or did not run)`);
      continue;
    }
    lines.push(
      `  ${terminalText(result.project)}: ${verdictText(result)} (${priorityCounts(result.findings)}) [${report.source === 'reviewed' ? 'reviewed now' : report.source === 'reused' ? 'reused' : 'Nx cache'}]`,
    );
  }
  lines.push(`Wrote ${relative(workspaceRoot, files.markdown)} and ${relative(workspaceRoot, files.sarif)}`);
  return `${lines.join('\n')}\n`;
}
