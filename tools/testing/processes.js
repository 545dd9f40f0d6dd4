'use strict';
// Running processes, read from /proc (Linux), to prove that nothing was left behind.
const fs = require('node:fs');

/**
 * @typedef {{ pid: number, ppid: number, argv: string[], cmdline: string }} ProcessInfo
 */

/**
 * @param {number} pid
 * @returns {number}
 */
function parentPid(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in (…) may contain spaces: the fields after the last ")" are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * Processes whose command line (argv joined by spaces) contains `pattern` or matches it;
 * this process itself and zombies (already exited, not yet reaped) are left out.
 * @param {string | RegExp} pattern
 * @returns {ProcessInfo[]}
 */
function listProcesses(pattern) {
  if (process.platform !== 'linux')
    throw new Error(`listProcesses reads /proc and works on Linux only (this is ${process.platform})`);
  /** @type {ProcessInfo[]} */
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let raw;
    try {
      raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    if (raw === '') continue; // kernel threads and zombies have no command line
    const argv = raw.replace(/\0$/, '').split('\0');
    const cmdline = argv.join(' ');
    const matches = typeof pattern === 'string' ? cmdline.includes(pattern) : pattern.test(cmdline);
    if (matches) found.push({ pid, ppid: parentPid(pid), argv, cmdline });
  }
  return found;
}

module.exports = { listProcesses };
