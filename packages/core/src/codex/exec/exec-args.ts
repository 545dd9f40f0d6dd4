import { tomlDottedKey, toTomlValue } from '../../config/toml-value';
import type { CodexCallOptions } from '../types';

/**
 * Above this many bytes the prompt goes through stdin (`-`): Linux caps one argv string at
 * 128 KiB (MAX_ARG_STRLEN), and the whole argv + environment at a few MB.
 */
export const MAX_ARGV_PROMPT_BYTES = 100_000;

export interface ExecFiles {
  /** JSON Schema file for `--output-schema`. */
  outputSchemaFile?: string;
  /** Base instructions file for `-c model_instructions_file=` (codex has no base-instructions key). */
  instructionsFile?: string;
}

export interface ExecInvocation {
  args: string[];
  /** The prompt, when it is passed on stdin instead of argv. */
  stdinPrompt?: string;
}

function configFlags(key: string, value: unknown): string[] {
  return ['-c', `${tomlDottedKey(key)}=${toTomlValue(value, key)}`];
}

/**
 * `codex exec --json …` (or `codex exec … resume -- <thread> PROMPT`). Flags before `resume`
 * belong to `exec` and apply to the resumed session too; `--` keeps a prompt starting with `-`
 * from being read as a flag.
 */
export function buildExecArgs(options: CodexCallOptions, files: ExecFiles = {}): ExecInvocation {
  const resuming = options.resumeThreadId !== undefined;
  const args = ['exec', '--json', '--skip-git-repo-check'];
  if (!resuming && options.ephemeral !== false) args.push('--ephemeral');
  if (options.sandbox) args.push('-s', options.sandbox);
  args.push('-C', options.cwd);
  if (options.model) args.push('-m', options.model);
  if (options.profile) args.push('-p', options.profile);
  if (options.approvalPolicy) args.push(...configFlags('approval_policy', options.approvalPolicy));
  if (options.developerInstructions !== undefined)
    args.push(...configFlags('developer_instructions', options.developerInstructions));
  if (files.instructionsFile) args.push(...configFlags('model_instructions_file', files.instructionsFile));
  for (const [key, value] of Object.entries(options.config ?? {})) {
    if (value !== undefined) args.push(...configFlags(key, value));
  }
  if (files.outputSchemaFile) args.push('--output-schema', files.outputSchemaFile);

  const viaStdin = Buffer.byteLength(options.prompt, 'utf8') > MAX_ARGV_PROMPT_BYTES;
  if (resuming) args.push('resume');
  args.push('--');
  if (resuming) args.push(options.resumeThreadId as string);
  args.push(viaStdin ? '-' : options.prompt);
  return viaStdin ? { args, stdinPrompt: options.prompt } : { args };
}

const SECRET_NAME = /(token|secret|passw(or)?d|authorization|api[-_]?key|cookie|credential|http_headers|bearer)/i;
const SECRET_ENTRY = /((?:"[^"]*"|[\w-]+)\s*=\s*)("(?:[^"\\]|\\.)*"|\{[^}]*\})/g;
const PROMPT_SHOWN_CHARS = 60;

function redactConfigArg(arg: string): string {
  const eq = arg.indexOf('=');
  const key = eq === -1 ? arg : arg.slice(0, eq);
  if (SECRET_NAME.test(key)) return `${key}=<redacted>`;
  const value = arg
    .slice(eq + 1)
    .replace(SECRET_ENTRY, (entry, name: string) => (SECRET_NAME.test(name) ? `${name}"<redacted>"` : entry))
    .replace(/Bearer\s+[^"\s]+/gi, 'Bearer <redacted>');
  const shown = `${key}=${value}`;
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/** argv fit for an error message: secret-looking `-c` values hidden, the prompt shortened. */
export function redactArgs(args: readonly string[], prompt: string): string[] {
  return args.map((arg, index) => {
    if (args[index - 1] === '-c') return redactConfigArg(arg);
    if (arg === prompt && prompt.length > PROMPT_SHOWN_CHARS)
      return `${prompt.slice(0, PROMPT_SHOWN_CHARS)}… (${prompt.length} chars)`;
    return arg;
  });
}
