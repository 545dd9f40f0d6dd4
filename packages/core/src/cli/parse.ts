import { UsageError } from './io';

/** Runs a node:util parseArgs call, turning its errors into a UsageError (exit 2 with usage). */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The options every command shares (node:util parseArgs format). */
export const COMMON_OPTIONS = {
  workspace: { type: 'string' },
  project: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `  --workspace DIR   the Nx workspace root (default: the nearest folder at or above this one with nx.json)
  --project P       a project name or root directory: its .codex/config.toml, if any, is layered over the
                    workspace's, as Codex does inside a trusted project (without it: workspace settings only)
  --profile X       the Codex profile, as \`codex -p X\` and the executors' \`profile\` option: layers
                    $CODEX_HOME/X.config.toml over $CODEX_HOME/config.toml
  -h, --help        this help`;
