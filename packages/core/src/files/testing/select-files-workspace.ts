import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { selectFiles, type FileSelection, type SelectFilesOptions } from '../select-files';

/** The maxFileBytes of every selection in these specs. */
export const MAX = 10_000;

/** git in `cwd` with a fixed identity and no signing (a test repository has neither). */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export const paths = (selection: FileSelection) => selection.files.map((file) => file.path);

/**
 * A fresh temporary workspace for each test of the calling describe block, removed after it:
 * files, a git repository, and selectFiles for project apps/web (scope project, no env).
 */
export function useSelectFilesWorkspace() {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'nx-codex-files-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return {
    get root() {
      return root;
    },
    write(file: string, content: string | Buffer): void {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), content);
    },
    initRepo(): void {
      gitIn(root, 'init', '-q', '-b', 'main');
    },
    commitAll(message: string): string {
      gitIn(root, 'add', '-A');
      gitIn(root, 'commit', '-q', '-m', message);
      return gitIn(root, 'rev-parse', 'HEAD').trim();
    },
    select(options: Partial<SelectFilesOptions> = {}): Promise<FileSelection> {
      return selectFiles({
        workspaceRoot: root,
        projectRoot: 'apps/web',
        scope: 'project',
        maxFileBytes: MAX,
        env: {},
        ...options,
      });
    },
  };
}
