export const TOOL_NAME = 'nx-codex';
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/@nx-codex/codex-review';

let version: string | undefined;

/** @nx-codex/core's version: the same relative path from src/reports and dist/reports. */
export function toolVersion(): string {
  version ??= (require('../../package.json') as { version: string }).version;
  return version;
}
