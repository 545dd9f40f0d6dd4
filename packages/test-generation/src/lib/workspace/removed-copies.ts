import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { displayPath, type RepoLayout } from './repo-layout';

export const REMOVED_FOLDER = 'removed';

/**
 * The last content of every file the run puts back or removes: a rejected source edit, a
 * discarded test, whatever was in the working tree when a run failed. Nothing is lost, even a
 * file someone edited by hand while the run went on. Kept in memory and written with the report,
 * after the last restore (a copy inside the repository must not itself be "put back").
 */
export class RemovedCopies {
  private readonly copies = new Map<string, Buffer>();

  /** `outputDir` is absolute; copies are reported relative to the workspace root. */
  constructor(
    private readonly layout: RepoLayout,
    private readonly outputDir: string,
  ) {}

  /** Copies the file as it is now (if it exists); returns where the copy will be (workspace-relative). */
  keep(file: string): string | undefined {
    let content: Buffer;
    try {
      content = readFileSync(path.join(this.layout.gitRoot, file));
    } catch {
      return undefined;
    }
    const relative = path.posix.join(REMOVED_FOLDER, safeRelative(displayPath(this.layout, file)));
    this.copies.set(relative, content);
    return path.relative(this.layout.workspaceRoot, path.join(this.outputDir, relative)).split(path.sep).join('/');
  }

  get size(): number {
    return this.copies.size;
  }

  /** Replaces `<outputDir>/removed` with this run's copies. */
  write(): void {
    rmSync(path.join(this.outputDir, REMOVED_FOLDER), { recursive: true, force: true });
    for (const [relative, content] of this.copies) {
      const target = path.join(this.outputDir, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
}

/** `../x` (a file above the workspace root) must not escape the output folder. */
function safeRelative(file: string): string {
  return file
    .split('/')
    .map((segment) => (segment === '..' ? '__parent__' : segment))
    .join('/');
}
