/**
 * A brand-new Nx workspace made the way a user makes one (create-nx-workspace, then `nx g` for two
 * libraries), installed only from the local registry, and the exact commands used, so that README's
 * quick start can show the same sequence.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunResult } from '@nx-codex/testing';

export const NX_VERSION = '22.7.8';
export const WORKSPACE_NAME = 'acme';
export const PROJECTS = ['alpha', 'beta'] as const;
export const projectName = (lib: string) => `@${WORKSPACE_NAME}/${lib}`;

const GIT_IDENTITY = ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid'];

/** The commands a user types, in order (shell form, for README); `run` executes each one. */
export const CREATE_COMMANDS: string[][] = [
  [
    'npx',
    '--yes',
    `create-nx-workspace@${NX_VERSION}`,
    WORKSPACE_NAME,
    '--preset=ts',
    '--pm=npm',
    '--interactive=false',
    '--nxCloud=skip',
    '--analytics=false',
    '--useGitHub=false',
    '--skipGitHubPush',
    '--commit.name=e2e',
    '--commit.email=e2e@example.invalid',
  ],
  ...PROJECTS.map((lib) => [
    'npx',
    'nx',
    'g',
    '@nx/js:lib',
    `packages/${lib}`,
    '--bundler=tsc',
    '--unitTestRunner=none',
    '--linter=none',
    '--no-interactive',
  ]),
];

export interface UserShell {
  /** The folder that holds the workspace folder (where create-nx-workspace runs). */
  parent: string;
  /** The workspace. */
  dir: string;
  /** Every command run so far, as typed (cwd relative to `parent`). */
  history: string[];
  /** The environment every command gets (local registry, Nx offline). */
  env: Record<string, string | undefined>;
  /** Runs argv in the workspace (or `cwd`); throws with the output when it fails. */
  sh(argv: string[], cwd?: string): RunResult;
  commit(message: string): void;
}

/**
 * `env` must send npm to the local registry (npm_config_registry/userconfig/cache) and keep Nx
 * off the network (NX_NO_CLOUD, NX_CLOUD_API at a closed loopback port, ...).
 */
export function userShell(parent: string, env: Record<string, string | undefined>): UserShell {
  mkdirSync(parent, { recursive: true });
  const dir = join(parent, WORKSPACE_NAME);
  const history: string[] = [];
  const sh = (argv: string[], cwd = dir) => {
    history.push(`${cwd === parent ? '' : '(in the workspace) '}${argv.map(quote).join(' ')}`);
    const [command, ...args] = argv;
    const result = run(command, args, cwd, env);
    if (result.code !== 0)
      throw new Error(`\`${argv.join(' ')}\` in ${cwd} failed (exit ${result.code}):\n${result.output.slice(-6000)}`);
    return result;
  };
  return {
    parent,
    dir,
    history,
    env,
    sh,
    commit: (message) => {
      run('git', ['add', '-A'], dir, env);
      const result = run('git', [...GIT_IDENTITY, 'commit', '-qm', message], dir, env);
      if (result.code !== 0) throw new Error(`git commit in ${dir} failed:\n${result.output}`);
    },
  };
}

/** Creates the workspace and its two libraries, commits them; returns the outputs. */
export function createUserWorkspace(shell: UserShell): RunResult[] {
  const [create, ...libs] = CREATE_COMMANDS;
  const results = [shell.sh(create, shell.parent)];
  for (const lib of libs) results.push(shell.sh(lib));
  shell.commit('two libraries');
  return results;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
