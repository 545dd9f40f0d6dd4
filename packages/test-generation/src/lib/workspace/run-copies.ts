import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { displayPath, toPosix, type RepoLayout } from './repo-layout';

/** Under the output folder: one folder per run, never removed by a later run. */
export const RUNS_FOLDER = 'runs';

/**
 * Copies of what a run did not hand back: a rejected edit, a discarded test, a test that
 * conflicts with the user's own change, Codex's work when a run failed. Each run has its own
 * folder (`<outputDir>/runs/<start time>-<pid>/`); nothing there is ever removed by us. Copies are
 * written at once, so a run killed later still leaves them.
 */
export class RunCopies {
  private count = 0;
  readonly dir: string;

  /** `checkout` is where the files are read from; paths in the report are relative to `userWorkspaceRoot`. */
  constructor(
    private readonly checkout: RepoLayout,
    private readonly userWorkspaceRoot: string,
    outputDir: string,
    startedAt: Date,
  ) {
    this.dir = path.join(outputDir, RUNS_FOLDER, `${startedAt.toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  }

  /** Copies the checkout's file as it is now (if it exists); returns where (workspace-relative). */
  keep(file: string): string | undefined {
    let content: Buffer;
    try {
      content = readFileSync(path.join(this.checkout.gitRoot, file));
    } catch {
      return undefined;
    }
    return this.keepContent(file, content);
  }

  keepContent(file: string, content: Buffer): string {
    const target = path.join(this.dir, safeRelative(displayPath(this.checkout, file)));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    this.count += 1;
    return this.relative(target);
  }

  get size(): number {
    return this.count;
  }

  /** The run folder, workspace-relative. */
  folder(): string {
    return this.relative(this.dir);
  }

  private relative(target: string): string {
    return toPosix(path.relative(this.userWorkspaceRoot, target));
  }
}

/** `../x` (a file above the workspace root) must not escape the run folder. */
function safeRelative(file: string): string {
  return file
    .split('/')
    .map((segment) => (segment === '..' ? '__parent__' : segment))
    .join('/');
}
