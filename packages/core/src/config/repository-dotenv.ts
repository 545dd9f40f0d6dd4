import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import { isGitIgnored } from '../files/git';
import { repositoryMayNotSet, whatSettingLets } from './codex-env-names';
import { CodexConfigError, placeOf } from './errors';

/**
 * Nx loads a workspace's dotenv files into every task's environment (`.env`, `.env.local`,
 * `.local.env` and their `.env.<target>` / `.<target>.env` variants, in the project's folder and the
 * workspace root), without overriding a variable the user already set. Every variable that reaches
 * codex (codex-env-names.ts) is then the repository's choice: measured through `nx run` with codex
 * 0.169.0, the `[mcp_servers]` command of a `.env` CODEX_HOME's config.toml ran during a review, and
 * a `.env` HTTP_PROXY received the request with the user's `authorization: Bearer` key. CODEX_BIN
 * would make every review start the repository's program. A file git ignores (a developer's own
 * `.env.local`) is not the repository's and may set them.
 */
const DOTENV_FILE = /^(\.env(\..+)?|\..+\.env)$/;

/** CODEX_BIN is read by nx-codex itself; the rest by codex (codex-env-names.ts says which and why). */
const isGuarded = repositoryMayNotSet;

interface DotenvDefinition {
  name: string;
  file: string;
  line: number;
}

/**
 * The values `file` gives its variables as Nx loads it: dotenv's parser, then dotenv-expand
 * (`$X`, `${X}`, `${X:-default}`…) against the environment. The file's own names are removed from
 * the copy first, as if Nx loaded it into an environment where the user had not set them.
 */
function valuesOf(content: string, env: Record<string, string | undefined>): Record<string, string> {
  const parsed = parse(content);
  const processEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && !(name in parsed)) processEnv[name] = value;
  return expand({ parsed: { ...parsed }, processEnv }).parsed ?? {};
}

/** The last line that sets `name` (dotenv keeps the last). */
function lineOf(lines: readonly string[], name: string): number {
  const pattern = new RegExp(`^\\s*(?:export\\s+)?${name.replace(/[.]/g, '\\.')}\\s*[=:]`);
  for (let index = lines.length - 1; index >= 0; index--) if (pattern.test(lines[index])) return index + 1;
  return 1;
}

/** The guarded variables whose value in `env` is the one a dotenv file of `dir` gives them. */
function definitionsIn(
  dir: string,
  env: Record<string, string | undefined>,
  skip: readonly string[],
): DotenvDefinition[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => DOTENV_FILE.test(name));
  } catch {
    return [];
  }
  const found: DotenvDefinition[] = [];
  for (const fileName of names) {
    const file = path.join(dir, fileName);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [name, value] of Object.entries(valuesOf(content, env))) {
      if (!isGuarded(name) || skip.includes(name) || !env[name] || env[name] !== value) continue;
      found.push({ name, file, line: lineOf(content.split(/\r?\n/), name) });
    }
  }
  return found;
}

/**
 * Throws when a variable that reaches codex (or CODEX_BIN) has the value a dotenv file of the
 * repository (workspace root or project folder, not git-ignored) gives it: Nx put it there, not the
 * user. The raw value is compared, as Nx leaves it (a relative path is resolved later against the
 * task's cwd, not the file's folder). `skip` names variables the caller does not read (CODEX_HOME
 * when it was given as an option).
 */
export function refuseRepositoryDotenv(
  workspaceRoot: string,
  projectDirs: readonly string[],
  env: Record<string, string | undefined>,
  skip: readonly string[] = [],
): void {
  const dirs = [...new Set([workspaceRoot, ...projectDirs].map((dir) => path.resolve(dir)))];
  const chosen = dirs
    .flatMap((dir) => definitionsIn(dir, env, skip))
    .find((found) => !isGitIgnored(workspaceRoot, found.file));
  if (!chosen) return;
  const { name, file, line } = chosen;
  throw new CodexConfigError(
    `${name}=${env[name]} comes from ${placeOf(file, line)}, a dotenv file of the repository that Nx loads into the task's environment. ` +
      `A repository may not ${whatSettingLets(name)}, so nx-codex does not run. ` +
      `Remove ${name} from that file; to use it yourself, set ${name} in your shell or CI environment (Nx never overrides it), or in a git-ignored .env.local.`,
    { file, line },
  );
}
