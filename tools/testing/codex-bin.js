'use strict';
// Where the installed codex CLIs are (see docs/HELPERS.md).
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');

const PACKAGES = { 0.169: '@openai/codex', 0.153: '@openai/codex-0153' };

/**
 * Absolute path of the bin/codex.js launcher of an installed codex: 0.169 (default, 0.169.0) or
 * 0.153 (0.153.4, the last with `codex mcp-server`). Run it as `node <path> exec …`.
 * @param {'0.169' | '0.153'} [version]
 * @returns {string}
 */
function codexBin(version = '0.169') {
  const pkg = /** @type {Record<string, string>} */ (PACKAGES)[version];
  if (!pkg) throw new Error(`codexBin: unknown codex version "${version}"; use "0.169" or "0.153"`);
  const bin = path.join(repoRoot, 'node_modules', pkg, 'bin', 'codex.js');
  if (!fs.existsSync(bin)) throw new Error(`codexBin: ${bin} does not exist; run \`npm install\` in ${repoRoot}`);
  return bin;
}

module.exports = { codexBin, repoRoot };
