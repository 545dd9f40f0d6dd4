/**
 * A few token formats secretlint's recommended preset does not know, taken from gitleaks'
 * default rules (MIT, github.com/gitleaks/gitleaks config/gitleaks.toml). Each is a distinctive
 * prefix plus a fixed alphabet, so they add almost no false positives. The patterns are hashed into
 * the detector's fingerprint (rule-options.ts); bump EXTRA_RULES_VERSION when the matching code
 * below changes.
 */
import type { DetectorRule } from './detector-types';

export const EXTRA_RULES_VERSION = '1';
export const EXTRA_RULES_ID = 'nx-codex/gitleaks-extra';

export interface PatternRule {
  /** The rule name users see in findings and give to disableSecretRules. */
  name: string;
  pattern: RegExp;
}

export const EXTRA_PATTERNS: PatternRule[] = [
  // Any PEM private key block, encrypted ones included. secretlint's own rule only takes bodies that
  // start like an unencrypted ASN.1 or OpenSSH key; a key that does not is still a key.
  {
    name: 'private-key',
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----/gi,
  },
  { name: 'stripe-key', pattern: /\b(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}\b/g },
  { name: 'gcp-api-key', pattern: /\bAIza[\w-]{35}(?![\w-])/g },
  { name: 'gitlab-token', pattern: /\bglpat-[\w-]{20}(?![\w-])/g },
  { name: 'huggingface-token', pattern: /\bhf_[a-zA-Z]{34}\b/g },
];

/** messageId of each extra pattern (its name, so the rule name maps back to itself). */
export const EXTRA_RULE_NAMES = EXTRA_PATTERNS.map((rule) => rule.name);

const MESSAGES = Object.fromEntries(EXTRA_PATTERNS.map((rule) => [rule.name, { en: () => `found ${rule.name}` }]));

export const extraRules: DetectorRule = {
  messages: MESSAGES,
  meta: { id: EXTRA_RULES_ID, recommended: true, type: 'scanner', supportedContentTypes: ['text'] },
  create(context) {
    const t = context.createTranslator(MESSAGES);
    return {
      file(source) {
        for (const rule of EXTRA_PATTERNS) {
          for (const match of source.content.matchAll(rule.pattern)) {
            const start = match.index ?? 0;
            // The value is not put in `data`: the range alone is what gets redacted.
            context.report({ message: t(rule.name, {}), range: [start, start + match[0].length] });
          }
        }
      },
    };
  },
};
