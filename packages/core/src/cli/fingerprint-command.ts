import { parseArgs } from 'node:util';
import { quickCodexVersion } from '../codex/quick-version';
import { settingsFingerprint } from '../config/fingerprint';
import { secretDetectorFingerprint } from '../secrets/options';
import { EXIT_OK, type CliIo } from './io';
import { loadForCli } from './load-for-cli';
import { COMMON_HELP, COMMON_OPTIONS, parseOrUsage } from './parse';

export const FINGERPRINT_HELP = `Usage: nx-codex fingerprint [--project P] [--profile X] [--prompt-version V] [--workspace DIR]

Prints one line: the sha256 of the settings that change a model's answer (model, provider and its
base URL without query string, reasoning effort, sandbox mode, prompt version, codex version,
secret detector version).
It never covers a secret: no API key, auth.json, env_key value, header or query string.
Nx runs it as a \`runtime\` cache input of codex targets, so a settings change re-runs them.

Options:
${COMMON_HELP}
  --prompt-version V  the prompt template's version (default: the review prompt's, ${'`'}review-N${'`'})

Exit codes: 0 printed, 1 a settings error (on stderr), 2 a wrong command line.
`;

/** The review prompt's version, read only when needed (its module has no imports). */
function defaultPromptVersion(): string {
  return (require('../review/prompt') as { PROMPT_VERSION: string }).PROMPT_VERSION;
}

export function fingerprintCommand(argv: string[], io: CliIo): number {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, 'prompt-version': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.help) {
    io.stdout(FINGERPRINT_HELP);
    return EXIT_OK;
  }
  const loaded = loadForCli(values, io);
  const promptVersion = values['prompt-version'] ?? defaultPromptVersion();
  const codexVersion = quickCodexVersion(loaded.workspaceRoot, io.env);
  io.stdout(
    `${settingsFingerprint(loaded.settings, { promptVersion, codexVersion, secretDetector: secretDetectorFingerprint() })}\n`,
  );
  return EXIT_OK;
}
