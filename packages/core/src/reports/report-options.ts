import path from 'node:path';
import { git } from '../files/git';

export interface ReportOptions {
  /**
   * Folder of the Nx workspace inside the git repository (`git rev-parse --show-prefix`), when
   * they differ. GitHub resolves SARIF URIs and annotations against the repository root, and
   * finding paths are workspace-relative.
   */
  pathPrefix?: string;
}

/** The path of a workspace-relative file as GitHub needs it: repository-relative, forward slashes. */
export function reportPath(file: string, options: ReportOptions): string {
  const prefix = (options.pathPrefix ?? '')
    .replace(/\\/g, '/')
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '');
  return prefix === '' ? file : `${prefix}/${file}`;
}

/** By workspace folder: where a workspace sits in its repository does not change while a process runs (a batch asks once per review). */
const prefixes = new Map<string, string>();

/**
 * The workspace's folder inside its git repository (`git rev-parse --show-prefix`, e.g.
 * `tools/ws/`), or '' at the repository root or outside a repository (not remembered: a later
 * call asks again). GitHub places annotations and SARIF results by repository-relative paths.
 */
export function repositoryPrefix(workspaceRoot: string): string {
  const folder = path.resolve(workspaceRoot);
  const known = prefixes.get(folder);
  if (known !== undefined) return known;
  try {
    const prefix = git(folder, ['rev-parse', '--show-prefix']).trim();
    prefixes.set(folder, prefix);
    return prefix;
  } catch {
    return '';
  }
}
