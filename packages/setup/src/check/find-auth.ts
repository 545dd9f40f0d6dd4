import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AuthFacts } from './types';

/** What `codex exec` 0.169 reads as an API key (measured: it ignores OPENAI_API_KEY). */
export const API_KEY_VARIABLES = ['CODEX_API_KEY'];

/** Only whether credentials exist: auth.json is never opened and keys are never read out. */
export function findAuth(env: NodeJS.ProcessEnv, home = homedir()): AuthFacts {
  const codexHome = env['CODEX_HOME'] || join(home, '.codex');
  const authFile = join(codexHome, 'auth.json');
  return {
    authFile,
    authFileExists: existsSync(authFile),
    apiKeyVariables: API_KEY_VARIABLES.filter((name) => (env[name] ?? '').trim() !== ''),
  };
}
