'use strict';
// Temporary directories that are removed on cleanup(), or at the latest when the process exits.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** @type {Set<string>} */
const leftovers = new Set();
let exitHookInstalled = false;

function removeLeftovers() {
  if (process.env.NX_CODEX_KEEP_TEMP === '1') return;
  for (const dir of leftovers) fs.rmSync(dir, { recursive: true, force: true });
  leftovers.clear();
}

/**
 * Creates a fresh directory under os.tmpdir(). Set NX_CODEX_KEEP_TEMP=1 to keep it for debugging.
 * @param {string} [prefix]
 * @returns {{ dir: string, cleanup: () => void }}
 */
function makeTempDir(prefix = 'nx-codex-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  leftovers.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeLeftovers);
  }
  return {
    dir,
    cleanup() {
      leftovers.delete(dir);
      if (process.env.NX_CODEX_KEEP_TEMP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { makeTempDir };
