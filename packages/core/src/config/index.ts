export { loadSettings, resolveCodexHome } from './load-settings';
export type { CodexHome } from './load-settings';
export { loadTargetSettings, type TargetSettingsOptions } from './target-settings';
export type {
  ApprovalPolicyValue,
  ConfigFileInfo,
  EffectiveSettings,
  LoadedSettings,
  LoadSettingsOptions,
  RefusedSetting,
  SandboxMode,
  Setting,
  SettingSource,
  SettingsWarning,
} from './types';
export { CodexConfigError, isCodexConfigError } from './errors';
export { codexConfigOverrides, optionsToCodexOverrides, settingsToCodexArgs } from './overrides';
export { canonicalJson, fingerprintInput, settingsFingerprint, stripUrlSecrets } from './fingerprint';
export type { FingerprintExtras } from './fingerprint';
export { listProfiles, profileFile } from './profile';
export {
  APPROVAL_POLICIES,
  BUILT_IN_PROVIDERS,
  KNOWN_CODEX_VERSION,
  KNOWN_PROVIDER_KEYS,
  KNOWN_TOP_LEVEL_KEYS,
  PROJECT_LOCAL_UNSUPPORTED_KEYS,
  REASONING_EFFORTS,
  SANDBOX_MODES,
} from './known-keys';
export { describeSource } from './describe-source';
export { REPOSITORY_ALLOWED_KEYS, untrustedKeyRefusal } from './repository-keys';
export { refuseRepositoryDotenv } from './repository-dotenv';
export { refusedCallerKeys, TRUST_OPTION } from './refuse-untrusted';
