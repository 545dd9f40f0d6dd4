'use strict';
// Scenarios: which answer each POST /v1/responses gets. Loading, checking, and the step cursor.
const fs = require('node:fs');
const path = require('node:path');
const { promptText } = require('./request');

/**
 * @typedef {{ kind: string, delayMs?: number, [key: string]: any }} Step
 * @typedef {{ name?: string, steps: Step[], repeat?: 'last' | 'cycle' }} Scenario
 * @typedef {{ step: Step, index: number | null, followUpOf: string | null }} Selection
 */

const SCENARIO_DIR = path.join(__dirname, 'scenarios');

/** Step kinds and the fields that must be present. */
const STEP_KINDS = {
  message: ['text'],
  'schema-json': [],
  match: ['rules'],
  shell: [],
  apply_patch: ['patch'],
  'http-error': ['status'],
  'response-failed': [],
  'stream-cut': [],
  'slow-first-byte': ['delayMs'],
  'malformed-json': [],
  'schema-violation': [],
  empty: [],
};

/** @returns {string[]} */
function builtinScenarioNames() {
  return fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Checks a step (and the steps nested in it); throws an error naming the offending place.
 * @param {any} step
 * @param {string} where e.g. "steps[2].then"
 */
function checkStep(step, where) {
  if (!step || typeof step !== 'object' || Array.isArray(step))
    throw new Error(`local-model: ${where} must be an object like {"kind":"message","text":"hi"}`);
  const required = /** @type {Record<string, string[]>} */ (STEP_KINDS)[step.kind];
  if (!required)
    throw new Error(
      `local-model: ${where}.kind is ${JSON.stringify(step.kind)}; use one of ${Object.keys(STEP_KINDS).join(', ')}`,
    );
  for (const field of required) {
    if (step[field] === undefined)
      throw new Error(`local-model: ${where} (kind "${step.kind}") needs a "${field}" field`);
  }
  if (step.delayMs !== undefined && !(typeof step.delayMs === 'number' && step.delayMs >= 0))
    throw new Error(`local-model: ${where}.delayMs must be a number >= 0`);
  if (step.kind === 'shell' && step.command === undefined && step.cmd === undefined)
    throw new Error(
      `local-model: ${where} (kind "shell") needs "command" (e.g. ["bash","-lc","ls"]) or "cmd" (a string)`,
    );
  if (step.then !== undefined) checkStep(step.then, `${where}.then`);
  if (step.kind === 'match') {
    if (!Array.isArray(step.rules))
      throw new Error(`local-model: ${where}.rules must be an array of {whenPromptContains, step}`);
    step.rules.forEach((/** @type {any} */ rule, /** @type {number} */ i) => {
      if (rule.whenPromptContains === undefined && rule.whenPromptMatches === undefined)
        throw new Error(
          `local-model: ${where}.rules[${i}] needs "whenPromptContains" (a string or strings) or "whenPromptMatches" (a regular expression)`,
        );
      checkStep(rule.step, `${where}.rules[${i}].step`);
    });
    if (step.default !== undefined) checkStep(step.default, `${where}.default`);
  }
}

/**
 * @param {any} scenario
 * @param {string} source where it came from, for error messages
 * @returns {Scenario}
 */
function checkScenario(scenario, source) {
  if (!scenario || typeof scenario !== 'object' || !Array.isArray(scenario.steps) || scenario.steps.length === 0) {
    throw new Error(`local-model: the scenario from ${source} must be an object with a non-empty "steps" array`);
  }
  if (scenario.repeat !== undefined && scenario.repeat !== 'last' && scenario.repeat !== 'cycle') {
    throw new Error(
      `local-model: the scenario from ${source} has repeat ${JSON.stringify(scenario.repeat)}; use "last" or "cycle"`,
    );
  }
  scenario.steps.forEach((/** @type {any} */ step, /** @type {number} */ i) => {
    try {
      checkStep(step, `steps[${i}]`);
    } catch (error) {
      throw new Error(`${/** @type {Error} */ (error).message} (scenario from ${source})`);
    }
  });
  return scenario;
}

/**
 * A built-in scenario name (scenarios/NAME.json) or a path to a scenario JSON file.
 * @param {string} nameOrFile
 * @returns {Scenario}
 */
function loadScenario(nameOrFile) {
  const builtin = path.join(SCENARIO_DIR, `${nameOrFile}.json`);
  const file = /^[\w-]+$/.test(nameOrFile) && fs.existsSync(builtin) ? builtin : path.resolve(nameOrFile);
  if (!fs.existsSync(file)) {
    throw new Error(
      `local-model: no scenario "${nameOrFile}": not a built-in (${builtinScenarioNames().join(', ')}) and no file ${file}`,
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`local-model: ${file} is not valid JSON: ${/** @type {Error} */ (error).message}`);
  }
  return checkScenario(parsed, file);
}

/**
 * Picks the step a `match` step stands for, from the request's conversation text.
 * @param {Step} step
 * @param {object} body
 * @returns {Step}
 */
function resolveMatch(step, body) {
  let current = step;
  while (current.kind === 'match') {
    const text = promptText(body);
    const rule = current.rules.find((/** @type {any} */ r) => {
      if (r.whenPromptMatches !== undefined) return new RegExp(r.whenPromptMatches).test(text);
      const needles = Array.isArray(r.whenPromptContains) ? r.whenPromptContains : [r.whenPromptContains];
      return needles.some((/** @type {string} */ needle) => text.includes(needle));
    });
    current = rule
      ? rule.step
      : (current.default ?? { kind: 'message', text: 'no rule of the match step fitted this prompt' });
  }
  return current;
}

/** The step cursor of the current scenario, plus the tool calls that wait for their output. */
class ScenarioRunner {
  /** @param {Scenario} scenario */
  constructor(scenario) {
    /** @type {Scenario} */
    this.scenario = scenario;
    this.cursor = 0;
    /** @type {Map<string, Step>} call_id -> the step that answers the tool's output */
    this.pendingCalls = new Map();
  }

  /** @param {Scenario} scenario */
  replace(scenario) {
    this.scenario = scenario;
    this.reset();
  }

  reset() {
    this.cursor = 0;
    this.pendingCalls.clear();
  }

  /**
   * @param {string} callId
   * @param {Step} then
   */
  awaitToolOutput(callId, then) {
    this.pendingCalls.set(callId, then);
  }

  /**
   * The step for this request: the `then` of a tool call whose output it carries, else the next
   * scenario step (match steps resolved against the prompt).
   * @param {object} body
   * @param {string[]} outputCallIds
   * @returns {Selection}
   */
  select(body, outputCallIds) {
    const answered = outputCallIds.filter((id) => this.pendingCalls.has(id));
    if (answered.length > 0) {
      const callId = answered[answered.length - 1];
      const then = /** @type {Step} */ (this.pendingCalls.get(callId));
      for (const id of answered) this.pendingCalls.delete(id);
      return { step: resolveMatch(then, body), index: null, followUpOf: callId };
    }
    const { steps, repeat } = this.scenario;
    const index =
      this.cursor < steps.length ? this.cursor : repeat === 'cycle' ? this.cursor % steps.length : steps.length - 1;
    this.cursor += 1;
    return { step: resolveMatch(steps[index], body), index, followUpOf: null };
  }
}

module.exports = { ScenarioRunner, loadScenario, checkScenario, checkStep, builtinScenarioNames, STEP_KINDS };
