import { parseArgs } from 'node:util';
import { EXIT_OK, type CliIo } from './io';
import { formatSettingsJson, formatSettingsText } from './format-settings';
import { loadForCli } from './load-for-cli';
import { COMMON_HELP, COMMON_OPTIONS, parseOrUsage } from './parse';

export const CONFIG_HELP = `Usage: nx-codex config [--project P] [--profile X] [--workspace DIR] [--json]

Prints the Codex settings an nx-codex run in this workspace starts from, and where each came from:
$CODEX_HOME/config.toml (CODEX_HOME defaults to ~/.codex), the profile's $CODEX_HOME/X.config.toml,
the workspace's .codex/config.toml, then the project's. Executor options (model, profile, config, …)
are layered over these at run time. Warnings name unknown keys with file:line. Header, token and
query-string values are never printed.

Options:
${COMMON_HELP}
  --json            print JSON: { workspaceRoot, codexHome, settings: { key: { value, source } }, files, warnings }

Exit codes: 0 settings are valid (warnings may be printed), 1 a settings error, 2 a wrong command line.
`;

export function configCommand(argv: string[], io: CliIo): number {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, json: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.help) {
    io.stdout(CONFIG_HELP);
    return EXIT_OK;
  }
  const loaded = loadForCli(values, io);
  io.stdout(values.json ? formatSettingsJson(loaded) : formatSettingsText(loaded, io.env));
  return EXIT_OK;
}
