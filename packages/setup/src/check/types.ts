export type CodexFacts =
  | {
      found: false;
      /** Core's lookup error: where it looked and why nothing was found, or why it refused. */
      reason: string;
      /** What to do, when not installing codex. */
      fix?: string;
    }
  | { found: true; path: string; source: 'CODEX_BIN' | 'workspace' | 'PATH'; version?: string; versionError?: string };

export interface AuthFacts {
  /** Where auth.json was looked for (a path, never its content). */
  authFile: string;
  authFileExists: boolean;
  /** Names of the API-key variables that are set (never their values). */
  apiKeyVariables: string[];
}

export type SettingsFacts =
  | { status: 'valid'; summary?: string; provider?: CustomProviderFacts }
  | { status: 'invalid'; message: string }
  | { status: 'not-checked'; reason: string; fix: string };

/** A model provider other than OpenAI's: its credentials are the variable its env_key names, if any. */
export interface CustomProviderFacts {
  id: string;
  envKey?: string;
  /** Whether that variable is set (never its value). */
  envKeySet: boolean;
}

export interface EnvironmentFacts {
  workspaceRoot: string;
  codex: CodexFacts;
  auth: AuthFacts;
  settings: SettingsFacts;
}

export type CheckStatus = 'ok' | 'fail' | 'warn';

export interface CheckItem {
  label: string;
  status: CheckStatus;
  detail: string;
  /** How to fix what is missing; absent when nothing is. */
  fix?: string;
}
