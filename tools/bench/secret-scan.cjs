#!/usr/bin/env node
/**
 * Cost of the secret scan (core/secrets): ms per MB of source, with the detector warm, and its
 * one-time load. Usage: node tools/bench/secret-scan.cjs [folder...] (default: packages/ and
 * node_modules/nx/dist, .ts/.js files under 200 KB, the review's maxFileBytes).
 */
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { scanForSecrets } = require('@nx-codex/core');

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['packages', 'node_modules/nx/dist'];
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
    else if (entry.isFile() && /\.(ts|js)$/.test(entry.name) && statSync(path).size <= 200_000)
      files.push({ path: relative(process.cwd(), path), content: readFileSync(path, 'utf8') });
  }
};
roots.forEach(walk);

(async () => {
  const loadStarted = performance.now();
  await scanForSecrets([{ path: 'warm.ts', content: 'export {};\n' }]);
  const loadMs = performance.now() - loadStarted;
  const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const scan = await scanForSecrets(files);
    runs.push({ ms: performance.now() - started, hits: scan.hits.length });
  }
  const best = Math.min(...runs.map((run) => run.ms));
  const mb = bytes / 1024 / 1024;
  console.log(
    `secret scan: ${files.length} files, ${mb.toFixed(2)} MB; detector load ${loadMs.toFixed(0)} ms; scan best of 3 ${best.toFixed(0)} ms = ${(best / mb).toFixed(0)} ms per MB (${runs[0].hits} hits)`,
  );
})();
