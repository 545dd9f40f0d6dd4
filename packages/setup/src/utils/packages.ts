import { RECOMMENDED_CODEX_VERSION } from '@nx-codex/core';
import { readJsonFile } from '@nx/devkit';
import { join } from 'node:path';

/** The Codex CLI version these plugins were built and tested against: core's, the one its install hints name. */
export const CODEX_VERSION = RECOMMENDED_CODEX_VERSION;

export const CODEX_PACKAGE = '@openai/codex';
export const CORE_PACKAGE = '@nx-codex/core';
export const REVIEW_PACKAGE = '@nx-codex/codex-review';
export const TEST_GENERATION_PACKAGE = '@nx-codex/test-generation';
export const MCP_SERVER_PACKAGE = '@nx-codex/mcp-server';

export const MCP_SERVER_BIN = 'nx-codex-mcp';

/**
 * The version of @nx-codex/setup itself. Our packages are released together, so a published
 * setup adds the plugin versions it was released with. Read at runtime because the file is
 * outside the compiled rootDir (src/ and dist/ are both two levels below the package root).
 */
export function nxCodexVersion(): string {
  const { version } = readJsonFile<{ version: string }>(join(__dirname, '..', '..', 'package.json'));
  return version;
}
