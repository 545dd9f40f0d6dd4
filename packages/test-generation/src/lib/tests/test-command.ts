/** Which command runs the project's tests, and what we may learn from it. */
export type TestRunnerKind = 'jest' | 'other';

export interface TestTargetInfo {
  executor?: string;
  command?: string;
  /** run-commands: `options.command` or `options.commands`. */
  options?: Record<string, unknown>;
}

export interface TestCommandPlan {
  /** The command without our additions, as the user would type it. */
  command: string;
  runner: TestRunnerKind;
  /** How the runner was told apart, for the report. */
  detectedFrom: string;
  /** The command is Jest itself (not Nx or npm around it): it takes `--runTestsByPath` and reporters. */
  directJest?: boolean;
}

export interface PlanTestCommandInput {
  project: string;
  testCommand?: string;
  testRunner?: 'auto' | 'jest' | 'other';
  /** The project's `test` target, when it has one. */
  testTarget?: TestTargetInfo;
}

export function planTestCommand(input: PlanTestCommandInput): TestCommandPlan {
  if (!input.testCommand && !input.testTarget) {
    throw new Error(
      `Project "${input.project}" has no \`test\` target, so codex-generate-tests cannot check the tests Codex writes. Add a test target, or set the \`testCommand\` option (e.g. "npx jest -c ${'<projectRoot>'}/jest.config.ts").`,
    );
  }
  const plan = detectRunner(input);
  if (!input.testCommand && inferredJestCommand(input.testTarget) === plan.command)
    return { ...plan, directJest: true };
  return isDirectJest(plan) ? { ...plan, directJest: true } : plan;
}

function isDirectJest(plan: TestCommandPlan): boolean {
  return (
    plan.runner === 'jest' &&
    /(^|[\s/])jest(\s|$)/.test(plan.command) &&
    !/\b(nx|npm|yarn|pnpm)\b/.test(plan.command.replace(/node_modules\/\.bin\/jest/g, ''))
  );
}

function detectRunner(input: PlanTestCommandInput): TestCommandPlan {
  const command =
    input.testCommand ??
    directJestCommand(input.testTarget) ??
    inferredJestCommand(input.testTarget) ??
    `npx nx run ${input.project}:test --skip-nx-cache`;
  if (input.testRunner && input.testRunner !== 'auto')
    return { command, runner: input.testRunner, detectedFrom: 'the testRunner option' };
  if (input.testCommand) {
    return /\bjest\b/.test(input.testCommand)
      ? { command, runner: 'jest', detectedFrom: 'the testCommand mentions jest' }
      : { command, runner: 'other', detectedFrom: 'the testCommand does not mention jest' };
  }
  const target = input.testTarget ?? {};
  if (target.executor === '@nx/jest:jest' || target.executor === '@nrwl/jest:jest')
    return { command, runner: 'jest', detectedFrom: `the test target's executor ${target.executor}` };
  const shellCommand = [
    target.command,
    target.options?.command,
    ...(Array.isArray(target.options?.commands) ? target.options.commands : []),
  ]
    .map((c) =>
      typeof c === 'string'
        ? c
        : typeof (c as { command?: unknown })?.command === 'string'
          ? (c as { command: string }).command
          : '',
    )
    .join('\n');
  if (/\bjest\b/.test(shellCommand)) return { command, runner: 'jest', detectedFrom: 'the test target runs jest' };
  return {
    command,
    runner: 'other',
    detectedFrom: `the test target's executor ${target.executor ?? '(none)'} is not Jest`,
  };
}

/**
 * What an `@nx/jest:jest` test target runs, without Nx around it: Jest with the target's own
 * configuration. A fresh `nx run … --skip-nx-cache` costs about 20 s here per run (graph, plugins,
 * executor); Jest alone on a small library about 2 s. The workspace's own jest binary, not npx: npx may ask the registry.
 */
function directJestCommand(target: TestTargetInfo | undefined): string | undefined {
  if (target?.executor !== '@nx/jest:jest' && target?.executor !== '@nrwl/jest:jest') return undefined;
  const jestConfig = target.options?.jestConfig;
  return typeof jestConfig === 'string' && jestConfig !== ''
    ? `node_modules/.bin/jest --config ${quote(jestConfig)}`
    : undefined;
}

/**
 * What a `test` target inferred by `@nx/jest/plugin` runs (Nx 22's default: run-commands `jest`
 * in the project's folder, with the plugin's env), without Nx around it: the same Jest, from the
 * same folder, with the same variables. Only a plain `jest [args]` command qualifies (no shell
 * operators or substitutions); anything else keeps going through `nx run`.
 */
function inferredJestCommand(target: TestTargetInfo | undefined): string | undefined {
  if (!target || (target.executor !== undefined && target.executor !== 'nx:run-commands')) return undefined;
  const command =
    typeof target.command === 'string'
      ? target.command
      : typeof target.options?.command === 'string'
        ? target.options.command
        : undefined;
  const cwd = target.options?.cwd;
  if (!command || !/^jest(\s|$)/.test(command.trim()) || /[;&|<>`$()\\\n'"]/.test(command)) return undefined;
  if (typeof cwd !== 'string' || cwd === '' || cwd.startsWith('/') || /[{}]/.test(cwd) || cwd.split('/').includes('..'))
    return undefined;
  const depth = cwd.split('/').filter((part) => part !== '' && part !== '.').length;
  const env =
    target.options?.env && typeof target.options.env === 'object'
      ? Object.entries(target.options.env as Record<string, unknown>)
      : [];
  if (env.some(([name, value]) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || typeof value !== 'string'))
    return undefined;
  const assignments = env.map(([name, value]) => `${name}=${quote(value as string)} `).join('');
  const args = command.trim().slice('jest'.length).trim();
  return `cd ${quote(cwd)} && ${assignments}${'../'.repeat(depth)}node_modules/.bin/jest${args ? ` ${args}` : ''}`;
}

/**
 * The command of one run. For Jest: per-file results and coverage in one JSON file (its
 * `coverageMap` holds the coverage, so we need not know where the project writes its reports).
 */
export function testRunCommand(
  plan: TestCommandPlan,
  resultsFile: string,
  withCoverage: boolean,
  only?: string[],
): string {
  if (plan.runner !== 'jest') return plan.command;
  const args = ['--json', `--outputFile=${quote(resultsFile)}`, '--passWithNoTests'];
  if (withCoverage) args.push('--coverage', '--coverageReporters=json-summary');
  // Only these test files (absolute paths): a repair round, or one file's own coverage. Jest
  // itself only: Nx's jest executor maps its own options, not this one.
  if (plan.directJest && only && only.length > 0) args.push('--runTestsByPath', ...only.map(quote));
  return `${plan.command} ${args.join(' ')}`;
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
