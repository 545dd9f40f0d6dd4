'use strict';
// Test helpers for nx-codex: the local model server, an offline CODEX_HOME, the codex binaries, temporary Nx workspaces.
module.exports = {
  ...require('./local-model'),
  failurePlan: require('../local-model/fail-rate').failurePlan,
  ...require('./codex-home'),
  ...require('./codex-bin'),
  ...require('./temp-dir'),
  ...require('./processes'),
  ...require('./run-codex'),
  ...require('./sarif'),
  ...require('./remote-cache'),
  ...require('./host-env'),
  ...require('./request-text'),
  ...require('./run-process'),
  ...require('./workspace'),
};
