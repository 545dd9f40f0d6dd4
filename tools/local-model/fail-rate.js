'use strict';
// Deterministic random failures: whether call number N fails depends only on (seed, N), so a
// load test sees the same failing calls on every run, whatever order the calls finish in.

/**
 * A uniform number in [0, 1) from (seed, index): the mulberry32 mix of a combined 32-bit state.
 * @param {number} seed
 * @param {number} index
 * @returns {number}
 */
function uniform(seed, index) {
  let t = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  t = (t + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * @param {number} rate fraction of calls to fail, 0..1
 * @param {number} seed
 * @returns {(callIndex: number) => boolean}
 */
function failurePlan(rate, seed) {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`local-model: --fail-rate must be between 0 and 1, got ${rate}`);
  return (callIndex) => rate > 0 && uniform(seed, callIndex) < rate;
}

module.exports = { failurePlan, uniform };
