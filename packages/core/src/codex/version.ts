import { KNOWN_CODEX_VERSION } from '../config/known-keys';
import type { CodexBinary } from './types';

/**
 * The version `npm install` puts in a workspace; install hints name it. The pinned version, whose
 * settings keys config/known-keys.ts was measured against: one constant, so the two cannot drift.
 */
export const RECOMMENDED_CODEX_VERSION = KNOWN_CODEX_VERSION;
export const INSTALL_COMMAND = `npm install -D @openai/codex@${RECOMMENDED_CODEX_VERSION}`;

/**
 * The oldest codex we drive. `exec --json` with thread/item events and `--output-schema` exist since
 * 0.4x, `exec resume --output-schema` since 0.132, and the JSONL items were reshaped in 0.144
 * ("canonical turn items"). 0.150 sits after all three; 0.153.4 and 0.169.0 are measured here.
 */
export const MIN_CODEX_VERSION = '0.150.0';

/** The first version without `codex mcp-server` (rust-v0.154.0 removed it), named when the legacy mcp transport is asked for. */
export const FIRST_VERSION_WITHOUT_MCP_SERVER = '0.154.0';

export interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** Reads `codex-cli 0.169.0` (or a bare `0.169.0`, with an optional `-alpha.1` suffix). */
export function parseCodexVersion(output: string): ParsedVersion | undefined {
  const match = /(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?/.exec(output);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: match[0] };
}

export function compareVersions(a: string, b: string): number {
  const left = parseCodexVersion(a);
  const right = parseCodexVersion(b);
  if (!left || !right) throw new Error(`cannot compare versions "${a}" and "${b}"`);
  return left.major - right.major || left.minor - right.minor || left.patch - right.patch;
}

export function isTooOld(version: string): boolean {
  return compareVersions(version, MIN_CODEX_VERSION) < 0;
}

export function abilitiesOf(version: string): CodexBinary['abilities'] {
  const supported = !isTooOld(version);
  return {
    outputSchema: supported,
    execResume: supported,
  };
}
