import { fingerprintFinding } from '../findings/fingerprint';
import type { Finding } from '../findings/types';
import type { SecretHit } from './scan-secrets';

/**
 * A secret found in a reviewed file is a finding of its own: where and which rule, never the value.
 * P1: a committed credential is a serious defect, but it may be a test fixture (allowSecretPaths).
 */
export function secretFindings(hits: SecretHit[]): Finding[] {
  return hits.map((hit) => {
    const title = `Secret in source: ${hit.rule}`;
    return {
      title,
      body:
        `The secret scan found a ${hit.rule} here. It was replaced by [REDACTED:${hit.rule}] before the file was sent to the model. ` +
        'Move it out of the repository (environment or secret store) and rotate it: it is in the history. If it is a fake value, add the file to allowSecretPaths.',
      priority: 1,
      confidence: 1,
      file: hit.file,
      startLine: hit.line,
      endLine: hit.endLine,
      fingerprint: fingerprintFinding(hit.file, hit.line, hit.endLine, title),
    };
  });
}
