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
 * ignores (a developer's own `.env.local`) is not the repository's and may set it. The same holds
 * for CODEX_BIN: from a committed .env it would make every review start the repository's program.
 */
const DOTENV_FILE = /^(\.env(\..+)?|\..+\.env)$/;

/** The variables a repository's dotenv file may not set, and what each would let it do. */
const GUARDED = {
  CODEX_HOME: "choose Codex's configuration (its mcp_servers and notify start processes)",
  CODEX_BIN: 'choose the program nx-codex starts as codex',
} as const;
type GuardedName = keyof typeof GUARDED;

const lineOf = (name: GuardedName) => new RegExp(`^\\s*(?:export\\s+)?${name}\\s*[=:]\\s*(.*)$`);

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

interface DotenvDefinition {
  file: string;
  line: number;
}

/** The dotenv lines of `dir` that set `name` to the path `value`. */
function definitionsIn(
  dir: string,
  name: GuardedName,
  value: string,
  env: Record<string, string | undefined>,
): DotenvDefinition[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => DOTENV_FILE.test(name));
  } catch {
    return [];
  }
  const found: DotenvDefinition[] = [];
  const pattern = lineOf(name);
  for (const name of names) {
    const file = path.join(dir, name);
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    lines.forEach((text, index) => {
      const match = pattern.exec(text);
      if (match && path.resolve(dir, expand(dotenvValue(match[1]), env)) === value)
        found.push({ file, line: index + 1 });
    });
  }
  return found;
}

/**
 * Throws when the environment's CODEX_HOME or CODEX_BIN is the one a dotenv file of the repository
 * (workspace root or project folder, not git-ignored) sets: Nx put it there, not the user.
 * `skip` names variables the caller does not read (CODEX_HOME when it was given as an option).
 */
export function refuseRepositoryDotenv(
  workspaceRoot: string,
  projectDirs: readonly string[],
  env: Record<string, string | undefined>,
  skip: readonly GuardedName[] = [],
): void {
  const dirs = [...new Set([workspaceRoot, ...projectDirs])];
  for (const name of Object.keys(GUARDED) as GuardedName[]) {
    const set = env[name];
    if (!set || skip.includes(name)) continue;
    const value = path.resolve(workspaceRoot, set);
    const chosen = dirs
      .flatMap((dir) => definitionsIn(dir, name, value, env))
      .find((found) => !isGitIgnored(workspaceRoot, found.file));
    if (!chosen) continue;
    throw new CodexConfigError(
      `${name}=${set} comes from ${placeOf(chosen.file, chosen.line)}, a dotenv file of the repository that Nx loads into the task's environment. ` +
        `A repository may not ${GUARDED[name]}, so nx-codex does not run. ` +
        `Remove ${name} from that file; to use it yourself, set ${name} in your shell or CI environment (Nx never overrides it), or in a git-ignored .env.local.`,
      { file: chosen.file, line: chosen.line },
    );
  }
}
