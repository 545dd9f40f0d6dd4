import { createHash } from 'node:crypto';
import { EXTRA_PATTERNS } from './extra-rules';

/** Rule options that differ from the preset's: AWS key ids are off there, and they are what leaks most. */
export const RULE_OPTIONS: Record<string, Record<string, unknown>> = {
  '@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};

/**
 * A short hash of what nx-codex adds to secretlint's rules: the extra patterns (name, source, flags)
 * and the rule options. Part of the detector's fingerprint, so a release that changes a pattern or
 * an option scans again whatever was found clean under the old ones, bump or no bump.
 */
export function ownRulesDigest(): string {
  const patterns = EXTRA_PATTERNS.map(({ name, pattern }) => [name, pattern.source, pattern.flags]);
  return createHash('sha256')
    .update(JSON.stringify({ patterns, options: RULE_OPTIONS }))
    .digest('hex')
    .slice(0, 16);
}
