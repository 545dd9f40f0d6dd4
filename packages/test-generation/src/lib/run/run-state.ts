import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, type CodexClient } from '@nx-codex/core';
import type { CodexSession } from '../codex/codex-session';
import { DEFAULT_ALLOWED_WRITES } from '../workspace/confinement';
import type { IsolatedCheckout } from '../workspace/isolated-checkout';
import type { RunCopies } from '../workspace/run-copies';
import { changesSince, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import { stoppedByUser } from './cancellation';
import { emptyReport } from './outcome';
import { renderSummary, summarize, writeReportAtomically, type GenerateReport } from './report';
import type { GenerateOutcome, GenerateRequest } from './types';
import type { Watchdog } from './watchdog';

const REPORT_FILE = 'report.json';
const PATCH_FILE = 'tests.patch';

/** The run would not start (a dirty project, a failing baseline): not a failure of the run itself. */
export class RefusedError extends Error {}

/**
 * What one generation run holds while it goes: its report, and what must be undone however it
 * ends (the Codex client, the temporary checkout and its watchdog, the results folder). Every way
 * out goes through finish(): report.json is always written.
 */
export class GenerationRun {
  readonly started = new Date();
  readonly log: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly allowedWrites: string[];
  readonly report: GenerateReport;
  readonly reportFile: string;
  readonly patchFile: string;
  /** Jest's results files: private to this run. */
  readonly resultsDir = mkdtempSync(path.join(tmpdir(), 'codex-generate-tests-results-'));
  client?: CodexClient;
  checkout?: IsolatedCheckout;
  watchdog?: Watchdog;
  snapshot?: WorkspaceSnapshot;
  copies?: RunCopies;
  session?: CodexSession;
  /** Set in a dry run: written as tests.patch. */
  patchText?: string;

  constructor(readonly request: GenerateRequest) {
    this.log = request.log ?? (() => undefined);
    this.env = { ...(request.env ?? process.env), NX_DAEMON: 'false' };
    this.allowedWrites =
      request.allowedWrites && request.allowedWrites.length > 0 ? request.allowedWrites : DEFAULT_ALLOWED_WRITES;
    this.report = emptyReport(request, this.started.getTime());
    this.reportFile = path.join(request.outputDir, REPORT_FILE);
    this.patchFile = path.join(request.outputDir, PATCH_FILE);
  }

  /** Completes the report (usage, notes, summary), writes it (and the patch), logs the summary. */
  finish(status: GenerateReport['status'], message: string): GenerateOutcome {
    const { report } = this;
    report.status = status;
    report.message = message;
    report.durationMs = Date.now() - this.started.getTime();
    if (this.session) {
      report.usage = { ...this.session.usage };
      report.codex.threadId = this.session.threadId;
      report.notes = this.session.messages
        .map((text, index) => ({ round: index + 1, text }))
        .filter((note) => note.text.trim() !== '');
    }
    report.summary = summarize(report.files, report.rejected);
    if (this.patchText !== undefined) writeFileAtomic(this.patchFile, this.patchText, { mkdir: true });
    else rmSync(this.patchFile, { force: true });
    if (this.copies && this.copies.size > 0) report.savedCopies = this.copies.folder();
    writeReportAtomically(this.reportFile, report);
    for (const line of renderSummary(report).split('\n')) this.log(line);
    return { report, reportFile: this.reportFile, success: report.status === 'completed' };
  }

  /** The run stopped on an error or Ctrl-C: Codex's work in the checkout is not lost with it, a copy goes to the run folder. */
  async fail(error: unknown): Promise<GenerateOutcome> {
    const cancelled = await stoppedByUser(error, this.request.signal);
    if (this.snapshot && this.copies) for (const change of changesSince(this.snapshot)) this.copies.keep(change.path);
    this.report.error = { message: error instanceof Error ? error.message : String(error) };
    if (cancelled) return this.finish('cancelled', 'interrupted; your working tree was not touched');
    return this.finish(
      'failed',
      error instanceof RefusedError ? 'refused to start' : 'failed; your working tree was not touched',
    );
  }

  /** However the run ended: the client closed, the checkout removed, the watchdog told, the results gone. */
  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.checkout?.remove();
    this.watchdog?.stop();
    rmSync(this.resultsDir, { recursive: true, force: true });
  }
}
