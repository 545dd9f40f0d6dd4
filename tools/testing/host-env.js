'use strict';
/**
 * Variables the developer's shell, the CI job (GitHub Actions) or an outer Nx task may set and
 * that nx-codex or Nx read: a nested nx in a test starts without them, so a test sees the same
 * environment on a laptop and in CI. A test that wants one passes it explicitly.
 */
const HOST_ONLY_ENV = [
  'GITHUB_ACTIONS',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_BASE_REF',
  'GITHUB_HEAD_REF',
  'GITHUB_EVENT_PATH',
  'NX_BASE',
  'NX_HEAD',
  'NX_CODEX_RUN_ID',
  'NX_TASK_HASH',
  'NX_WORKSPACE_DATA_DIRECTORY',
  'NX_WORKSPACE_ROOT_PATH',
  'NX_DISABLE_NX_CACHE',
  'NX_SELF_HOSTED_REMOTE_CACHE_SERVER',
  'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN',
  'CODEX_BIN',
];

/**
 * `env` without the HOST_ONLY_ENV variables (a copy).
 * @template {Record<string, string | undefined>} T
 * @param {T} env
 * @returns {T}
 */
function withoutHostEnv(env) {
  const copy = { ...env };
  for (const key of HOST_ONLY_ENV) delete copy[key];
  return copy;
}

module.exports = { HOST_ONLY_ENV, withoutHostEnv };
