import { minimatch } from 'minimatch';
import { detectorVersions } from './load-detector';
import { EXTRA_RULE_NAMES, EXTRA_RULES_VERSION } from './extra-rules';
import { knownRuleNames } from './rule-names';
import { ownRulesDigest } from './rule-options';

/** What a user may change about the secret scan (the targets' schema.json documents both). */
export interface SecretScanOptions {
  /** Rule names (`aws-access-key`, `database-connection-string`, ...) that neither redact nor report. */
  disableSecretRules?: string[];
  /**
   * Workspace-relative globs of files whose content is sent unscanned (test fixtures with fake keys).
   * A glob that names a folder covers the files under it. Reviews never send secret files
   * (.env, keys) whatever this says: the option may come from a repository's own project.json.
   */
  allowSecretPaths?: string[];
}

/** Every rule name disableSecretRules accepts. */
export const SECRET_RULE_NAMES: readonly string[] = knownRuleNames(EXTRA_RULE_NAMES);

/** Throws on a rule name the detector does not have: a typo would otherwise leave the rule on in silence. */
export function validateSecretOptions(options: SecretScanOptions): void {
  const unknown = (options.disableSecretRules ?? []).filter((name) => !SECRET_RULE_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `disableSecretRules: unknown rule ${unknown.map((name) => `"${name}"`).join(', ')}. Use one of: ${SECRET_RULE_NAMES.join(', ')}.`,
    );
  }
  for (const glob of options.allowSecretPaths ?? []) {
    if (typeof glob !== 'string' || glob.trim() === '')
      throw new Error(
        'allowSecretPaths: every entry must be a non-empty glob (workspace-relative), e.g. "libs/a/test/fixtures/**".',
      );
  }
}

/**
 * What decides a scan's result besides the files: detector versions, its rules (our extra patterns
 * and rule options by their hash) and the user's
 * exceptions. Part of the settings fingerprint (Nx cache key) and the review's inputs digest, so
 * a new detector or a changed exception never replays a report made under other rules.
 */
export function secretDetectorFingerprint(options: SecretScanOptions = {}): string {
  const versions = detectorVersions();
  const parts = [
    `secretlint@${versions.core}`,
    `preset-recommend@${versions.preset}`,
    `extra@${EXTRA_RULES_VERSION}`,
    `rules@${ownRulesDigest()}`,
  ];
  if (options.disableSecretRules?.length) parts.push(`off=${[...options.disableSecretRules].sort().join(',')}`);
  if (options.allowSecretPaths?.length) parts.push(`allow=${[...options.allowSecretPaths].sort().join(',')}`);
  return parts.join(' ');
}

/** Whether the user allowed `file` (workspace-relative) to be sent unscanned. */
export function isAllowedSecretPath(file: string, allowSecretPaths: string[] | undefined): boolean {
  if (!allowSecretPaths?.length) return false;
  const segments = file.split('/');
  return allowSecretPaths.some((glob) => {
    for (let length = segments.length; length > 0; length--) {
      if (minimatch(segments.slice(0, length).join('/'), glob, { dot: true })) return true;
    }
    return false;
  });
}
