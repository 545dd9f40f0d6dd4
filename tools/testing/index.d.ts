// Types of tools/testing/index.js (plain CommonJS; see the JSDoc there for details).

export type StepKind =
  | 'message'
  | 'schema-json'
  | 'match'
  | 'shell'
  | 'apply_patch'
  | 'http-error'
  | 'response-failed'
  | 'stream-cut'
  | 'slow-first-byte'
  | 'malformed-json'
  | 'schema-violation'
  | 'empty';

export interface ScenarioStep {
  kind: StepKind;
  /** Wait this long before answering (nothing is sent meanwhile). */
  delayMs?: number;
  /** message, malformed-json, stream-cut (the partial text) */
  text?: string;
  /** schema-json, schema-violation: send this value (JSON.stringify) instead of one built from the schema */
  value?: unknown;
  /** match */
  rules?: Array<{ whenPromptContains?: string | string[]; whenPromptMatches?: string; step: ScenarioStep }>;
  default?: ScenarioStep;
  /** shell: ["bash","-lc","…"] (login shell) or ["bash","-c","…"] (login:false), or any argv */
  command?: string[];
  /** shell: the exec_command `cmd` string, instead of command */
  cmd?: string;
  /** shell: more exec_command arguments (workdir, login, yield_time_ms, …) */
  args?: Record<string, unknown>;
  /** apply_patch: "*** Begin Patch\n…\n*** End Patch\n" */
  patch?: string;
  /** shell, apply_patch: the answer to codex's follow-up request with the tool output; slow-first-byte: the late answer */
  then?: ScenarioStep;
  /** http-error */
  status?: number;
  retryAfter?: number | string;
  body?: unknown;
  /** response-failed */
  message?: string;
  code?: string;
  /** slow-first-byte: send the 200 headers at once and delay the first event (codex's stream_idle_timeout_ms applies) */
  headersFirst?: boolean;
}

export interface Scenario {
  name?: string;
  steps: ScenarioStep[];
  /** after the last step: repeat it ("last", the default) or start over ("cycle") */
  repeat?: 'last' | 'cycle';
}

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  path: string;
  /** request headers without authorization */
  headers: Record<string, string | string[] | undefined>;
  /** the parsed JSON body (a string if it was not JSON, null if empty) */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Responses API request as sent, read field by field by the specs
  body: any;
  /** how it was answered: { kind, stepIndex, followUpOf, callIndex } or { status } */
  answer: { kind?: string; stepIndex?: number | null; followUpOf?: string | null; callIndex?: number; status?: number };
}

/** One item of a Responses API request's `input`, as codex sends it: messages, tool calls and their outputs. */
export interface InputItem {
  type?: string;
  role?: string;
  content?: Array<{ type?: string; text?: string }>;
  name?: string;
  call_id?: string;
  arguments?: string;
  output?: string;
  input?: string;
}

/** The texts of a request body's user messages: the prompt codex sent the model. */
export function userTexts(body: { input?: InputItem[] } | null | undefined): string[];

export interface StartLocalModelOptions {
  /** a built-in scenario name (tools/local-model/scenarios/NAME.json), a file path, or a scenario object */
  scenario?: string | Scenario;
  port?: number;
  delayMs?: number;
  failRate?: number;
  seed?: number;
  /** where to write the JSONL request log; by default a temp file removed by stop() */
  logFile?: string;
}

export interface LocalModel {
  /** http://127.0.0.1:PORT/v1, the codex provider base_url */
  url: string;
  port: number;
  pid: number;
  logFile: string;
  requests(): Promise<LoggedRequest[]>;
  setScenario(scenario: string | Scenario): Promise<void>;
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL after 3 s; idempotent */
  stop(): Promise<void>;
}

export function startLocalModel(options?: StartLocalModelOptions): Promise<LocalModel>;

/** Which calls `--fail-rate rate` with `seed` fails (tools/local-model/fail-rate.js): call index -> fails. */
export function failurePlan(rate: number, seed: number): (call: number) => boolean;

export interface OfflineConfigOptions {
  model?: string;
  apiKey?: string;
  extraToml?: string;
}

export function offlineCodexConfigToml(baseUrl: string, options?: OfflineConfigOptions): string;

export interface CodexHome {
  dir: string;
  configPath: string;
  env: { CODEX_HOME: string; LOCAL_MODEL_KEY?: string };
  cleanup(): void;
}

export function createCodexHome(options: { baseUrl: string } & OfflineConfigOptions): CodexHome;

export const API_KEY_ENV: 'LOCAL_MODEL_KEY';

export type CodexVersion = '0.169' | '0.153';

export function codexBin(version?: CodexVersion): string;

export const repoRoot: string;

export function makeTempDir(prefix?: string): { dir: string; cleanup(): void };

export interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
  cmdline: string;
}

export function listProcesses(pattern: string | RegExp): ProcessInfo[];

export interface CodexEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- codex's JSONL event fields, read field by field by the specs
  [key: string]: any;
}

export interface CodexRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: CodexEvent[];
  durationMs: number;
}

export function runCodexExec(options: {
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  version?: CodexVersion;
  timeoutMs?: number;
}): Promise<CodexRun>;

/** Microsoft's SARIF validator (SARIF, GitHub and GHAS rules), offline. `problems`: its error and warning lines. */
export function validateSarif(file: string): {
  completed: boolean;
  status: number | null;
  problems: string[];
  output: string;
};

/** A self-hosted Nx remote cache server in its own process (GET/PUT /v1/cache/{hash}); `env` holds the NX_SELF_HOSTED_* variables. */
export function startRemoteCache(options?: { token?: string }): Promise<{
  url: string;
  token: string;
  pid: number;
  env: Record<string, string>;
  stats(): Promise<{ get: number; hit: number; put: number; entries: number }>;
  stop(): Promise<void>;
}>;

/** Variables of the developer's shell, CI or an outer Nx task that a nested nx in a test must not inherit. */
export const HOST_ONLY_ENV: readonly string[];
export function withoutHostEnv<T extends Record<string, string | undefined>>(env: T): T;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout, a newline, stderr */
  output: string;
}

export interface RunningCommand {
  pid: number;
  child: import('node:child_process').ChildProcess;
  /** Output so far. */
  output(): string;
  /** Resolves when the process has exited. */
  result: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

export interface RunOptions {
  /** Run as this user and group (tests run as root: an unprivileged user sees file permissions). */
  uid?: number;
  gid?: number;
}

/** nx's environment in a test: no daemon, cloud or TUI, CI=true, HOST_ONLY_ENV unset (undefined), then `extra`. */
export function nxEnv(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
/** Without undefined values, JEST_* and NODE_ENV. */
export function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv;
/** A command run to its end; `env` is merged over process.env and nxEnv(). */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  options?: RunOptions,
): RunResult;
/** Like run, in the background; `detached` (default true): its own process group. */
export function runAsync(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  options?: { detached?: boolean },
): RunningCommand;

export interface WorkspaceSpec {
  /** project name -> files (path relative to the project root -> content); roots are `libs/<name>`. */
  projects?: Record<string, Record<string, string>>;
  /** project name -> its targets in project.json (default: one cached nx:noop target). */
  targets?: Record<string, Record<string, unknown>>;
  /** More fields of each project.json (default: name and projectType "library"). */
  projectJson?(name: string, root: string): Record<string, unknown>;
  /** nx.json plugins; by default @nx-codex/codex-review/plugin with `reviewPlugin` as its options. */
  plugins?: unknown[];
  reviewPlugin?: Record<string, unknown>;
  /** More nx.json keys. */
  nxJson?: Record<string, unknown>;
  /** More files, path from the workspace root -> content (written last). */
  files?: Record<string, string>;
  /** .gitignore lines (default node_modules, dist, .nx). */
  gitignore?: string[];
  packageName?: string;
  /** Temp folder prefix. */
  prefix?: string;
  /** node_modules links this repository's packages, with @nx-codex/* copied from here (snapshotBuiltPackages). */
  builtPackages?: string;
  /** Package folders whose bins go into node_modules/.bin, as `npm install` would put them. */
  installBins?: string[];
}

export interface TempWorkspace {
  dir: string;
  write(path: string, content: string): void;
  read(path: string): string;
  exists(path: string): boolean;
  git(...args: string[]): string;
  /** `git status --porcelain` (untracked files included). */
  status(): string;
  nx(args: string[], env?: Record<string, string | undefined>, options?: RunOptions): RunResult;
  /** nx started in the background, by default leading its own process group (for tests that interrupt it). */
  nxAsync(args: string[], env?: Record<string, string | undefined>, options?: { detached?: boolean }): RunningCommand;
  cleanup(): void;
}

/** A committed temporary Nx workspace (git, nx.json, projects), removed by cleanup() or on exit. */
export function createWorkspace(spec: WorkspaceSpec): TempWorkspace;
/** A copy of the built packages/<name> (package.json, executors/generators.json, dist) for `builtPackages`. */
export function snapshotBuiltPackages(names: string[]): { dir: string; cleanup(): void };
export const NX_BIN: string;
