export { scanForSecrets } from './scan-secrets';
export { CleanScanCache } from './clean-cache';
export type { ScannedText, SecretHit, SecretScan } from './scan-secrets';
export { secretFileByContent, secretFileByName } from './secret-files';
export { isAllowedSecretPath, secretDetectorFingerprint, SECRET_RULE_NAMES, validateSecretOptions } from './options';
export type { SecretScanOptions } from './options';
export { secretFindings } from './secret-findings';
export { redactDiffFromNewVersion } from './redact-diff';
