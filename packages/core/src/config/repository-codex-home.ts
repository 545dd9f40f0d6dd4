import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isGitIgnored } from '../files/git';
import { CodexConfigError, placeOf } from './errors';

/**
 * Nx loads a workspace's dotenv files into every task's environment (`.env`, `.env.local`,
 * `.local.env` and their `.env.<target>` / `.<target>.env` variants, in the project's folder and the
 * workspace root), without overriding a variable the user already set. A CODEX_HOME from such a file
 * is the repository choosing Codex's whole configuration: measured through `nx run` with codex
 * 0.169.0, the `[mcp_servers]` command of that folder's config.toml ran during a review. A file git
 * ignores (a developer's own `.env.local`) is not the repository's and may set it.
 */
const DOTENV_FILE = /^(\.env(\..+)?|\..+\.env)$/;
const CODEX_HOME_LINE = /^\s*(?:export\s+)?CODEX_HOME\s*[=:]\s*(.*)$/;

/** A dotenv value as dotenv reads it: quotes removed, an unquoted value ends at ` #`. */
function dotenvValue(raw: string): string {
  const text = raw.trim();
  const quoted = /^(['"`])(.*?)\1(\s+#.*)?$/.exec(text);
  if (quoted) return quoted[2];
  return text.replace(/\s+#.*$/, '');
}

/** `$NAME` and `${NAME}` from the environment, as Nx's dotenv-expand does for the common cases. */
function expand(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a, b) => env[a ?? b] ?? '');
}

interface DotenvCodexHome {
  file: string;
  line: number;
}

/** The dotenv files of `dir` that set CODEX_HOME to `home`. */
function definitionsIn(dir: string, home: string, env: Record<string, string | undefined>): DotenvCodexHome[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => DOTENV_FILE.test(name));
  } catch {
    return [];
  }
  const found: DotenvCodexHome[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    lines.forEach((text, index) => {
      const match = CODEX_HOME_LINE.exec(text);
      if (match && path.resolve(dir, expand(dotenvValue(match[1]), env)) === home)
        found.push({ file, line: index + 1 });
    });
  }
  return found;
}

/**
 * Throws when the environment's CODEX_HOME is the one a dotenv file of the repository (workspace root
 * or project folder, not git-ignored) sets: Nx put it there, not the user.
 */
export function refuseRepositoryCodexHome(
  workspaceRoot: string,
  projectDirs: readonly string[],
  env: Record<string, string | undefined>,
): void {
  if (!env.CODEX_HOME) return;
  const home = path.resolve(workspaceRoot, env.CODEX_HOME);
  const dirs = [...new Set([workspaceRoot, ...projectDirs])];
  const chosen = dirs
    .flatMap((dir) => definitionsIn(dir, home, env))
    .find((found) => !isGitIgnored(workspaceRoot, found.file));
  if (!chosen) return;
  throw new CodexConfigError(
    `CODEX_HOME=${env.CODEX_HOME} comes from ${placeOf(chosen.file, chosen.line)}, a dotenv file of the repository that Nx loads into the task's environment. ` +
      "A repository may not choose Codex's configuration (its mcp_servers and notify start processes), so nx-codex does not run. " +
      'Remove CODEX_HOME from that file; to use that folder yourself, set CODEX_HOME in your shell or CI environment (Nx never overrides it), or in a git-ignored .env.local.',
    { file: chosen.file, line: chosen.line },
  );
}
