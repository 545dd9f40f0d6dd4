export * from './types';
export { CodexError, isCodexError } from './errors';
export type { CodexErrorDetails } from './errors';
export { createCodexClient, DEFAULT_TIMEOUT_MS } from './client';
export { AppServerPool } from './app-server/app-server-transport';
export type { CreateCodexClientOptions } from './client';
export { findCodexBinary, locateCodexBinary, readCodexVersion } from './binary';
export { quickCodexVersion } from './quick-version';
export type { FindCodexBinaryOptions } from './binary';
export {
  INSTALL_COMMAND,
  MIN_CODEX_VERSION,
  RECOMMENDED_CODEX_VERSION,
  FIRST_VERSION_WITHOUT_MCP_SERVER,
  compareVersions,
  parseCodexVersion,
} from './version';
export { parseStructuredAnswer } from './answer';
export { DEFAULT_MAX_RETRIES } from './retry';
export { NO_SHELL_TOOLS, providerEnvNames, scrubCodexEnv, SHELL_ENVIRONMENT_POLICY } from './environment';
export { chatgptLoginCiNotice, loginRefreshDue } from './chatgpt-login';
export { LineSplitter, makeTempDir, removeTempDir, runProcess, signalGroup, TEMP_DIR_PREFIX } from './process';
export type { RunProcessOptions, RunProcessResult, StopReason } from './process';
