import { isCodexConfigError } from '../config/errors';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io';

type Command = (argv: string[], io: CliIo) => number;

/** Commands, loaded on use so that `fingerprint` pays only for its own imports. */
const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  config: {
    summary: 'print the effective Codex settings and where each came from',
    load: () => require('./config-command').configCommand,
  },
  'base-commit': {
    summary: 'print the resolved base commit of the `changes` scope (an Nx runtime cache input)',
    load: () => require('./base-commit-command').baseCommitCommand,
  },
  summary: {
    summary: 'one Markdown comment and one SARIF for all projects of a codex-review run',
    load: () => require('./summary-command').summaryCommand,
  },
  fingerprint: {
    summary: 'print the settings fingerprint (an Nx runtime cache input)',
    load: () => require('./fingerprint-command').fingerprintCommand,
  },
};

export const MAIN_HELP = `Usage: nx-codex <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(12)} ${summary}`)
  .join('\n')}

Run \`nx-codex <command> --help\` for a command's options.
`;

/** Runs one command line; returns the exit code. Errors are printed without a stack trace. */
export function runCli(argv: string[], io: CliIo): number {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(MAIN_HELP);
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`nx-codex: unknown command "${name}".\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  try {
    return command.load()(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`nx-codex ${name}: ${error.message}\nRun \`nx-codex ${name} --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (isCodexConfigError(error)) {
      io.stderr(`nx-codex ${name}: ${error.message}\n`);
      return EXIT_ERROR;
    }
    const frame = (error as Error).stack?.split('\n').find((line) => line.trim().startsWith('at '));
    io.stderr(
      `nx-codex ${name}: ${(error as Error).message ?? String(error)}${frame ? ` (unexpected error ${frame.trim()}; please report it)` : ''}\n`,
    );
    return EXIT_ERROR;
  }
}
