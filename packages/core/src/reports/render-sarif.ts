import { PRIORITY_LABELS, type Finding, type Priority, type ReviewResult } from '../findings/types';
import { formatConfidence, verdictText } from './format';
import { neutraliseWorkflowCommands, stripControls } from '../sanitise';
import { reportPath, type ReportOptions } from './report-options';
import { TOOL_INFORMATION_URI, TOOL_NAME, toolVersion } from './tool-info';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key of our own stable finding id (file, lines, normalised title). */
export const SARIF_FINGERPRINT_KEY = 'nxCodexFindingHash/v1';

const LEVELS: Record<Priority, 'error' | 'warning' | 'note'> = { 0: 'error', 1: 'error', 2: 'warning', 3: 'note' };

const RULES: Record<Priority, { name: string; short: string; full: string }> = {
  0: {
    name: 'CodexReviewP0',
    short: 'Codex review finding that must be fixed before merging.',
    full: 'Priority P0: the code breaks the build, loses data, opens a security hole, or is otherwise wrong in a way that blocks merging.',
  },
  1: {
    name: 'CodexReviewP1',
    short: 'Codex review finding that should be fixed soon.',
    full: 'Priority P1: a real defect that should be fixed in this change or the next one.',
  },
  2: {
    name: 'CodexReviewP2',
    short: 'Codex review finding worth considering.',
    full: 'Priority P2: a problem of normal importance, such as an unhandled edge case or a maintainability issue.',
  },
  3: {
    name: 'CodexReviewP3',
    short: 'Codex review nit.',
    full: 'Priority P3: a nit, such as naming, style or a small simplification.',
  },
};

export function sarifRuleId(priority: Priority): string {
  return `codex-review-${PRIORITY_LABELS[priority]}`;
}

/**
 * review.sarif: SARIF 2.1.0 as GitHub code scanning takes it. One rule per priority (rule ids
 * must stay the same across runs for alerts to match), repository-relative URIs under
 * %SRCROOT%, our fingerprint in partialFingerprints, and a category per project.
 */
export function renderSarif(result: ReviewResult, options: ReportOptions = {}): string {
  return renderSarifLog([result], options);
}

/** One SARIF log with a run per project (each its own category), as `nx-codex summary` writes for a whole Nx run. */
export function renderSarifLog(results: readonly ReviewResult[], options: ReportOptions = {}): string {
  const log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: results.map((result) => sarifRun(result, options)) };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRun(result: ReviewResult, options: ReportOptions) {
  const priorities = [0, 1, 2, 3] as const;
  return {
    tool: {
      driver: {
        name: TOOL_NAME,
        informationUri: TOOL_INFORMATION_URI,
        version: toolVersion(),
        semanticVersion: toolVersion(),
        rules: priorities.map((priority) => rule(priority)),
      },
    },
    // GitHub keeps one set of alerts per category: one per project, so projects do not replace each other.
    automationDetails: { id: `${TOOL_NAME}/${result.project}/` },
    invocations: [{ executionSuccessful: true }],
    results: result.findings.map((finding) => sarifResult(finding, options)),
    properties: {
      project: result.project,
      verdict: verdictText(result),
      ...(result.modelVerdict ? { modelVerdict: result.modelVerdict } : {}),
      explanation: plainText(result.explanation),
      confidence: result.confidence,
      model: result.model,
      codexVersion: result.codexVersion,
    },
  };
}

function rule(priority: Priority) {
  const { name, short, full } = RULES[priority];
  return {
    id: sarifRuleId(priority),
    name,
    shortDescription: { text: short },
    fullDescription: { text: full },
    help: {
      text: `${full} Read the finding's message for the problem and the suggested fix.`,
      markdown: `**${PRIORITY_LABELS[priority]}**: ${full} Read the finding's message for the problem and the suggested fix.`,
    },
    helpUri: TOOL_INFORMATION_URI,
    defaultConfiguration: { level: LEVELS[priority] },
    properties: { tags: ['codex', 'code-review', PRIORITY_LABELS[priority]], precision: 'medium' },
  };
}

function sarifResult(finding: Finding, options: ReportOptions) {
  return {
    ruleId: sarifRuleId(finding.priority),
    ruleIndex: finding.priority,
    level: LEVELS[finding.priority],
    message: { text: messageText(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(stripControls(reportPath(finding.file, options))), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.startLine, endLine: finding.endLine },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      priority: PRIORITY_LABELS[finding.priority],
      confidence: Number(formatConfidence(finding.confidence)),
      title: plainText(finding.title),
    },
  };
}

function messageText(finding: Finding): string {
  return plainText(finding.body ? `${finding.title}\n\n${finding.body}` : finding.title);
}

/** SARIF text is shown as plain text by GitHub and printed by tools that read it: no controls, no workflow commands. */
function plainText(text: string): string {
  return neutraliseWorkflowCommands(stripControls(text, { multiline: true }));
}

/** A relative URI reference: each segment percent-encoded, the characters RFC 3986 allows in a path kept. */
function toUri(file: string): string {
  return file
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/%(40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi, (escaped) =>
        decodeURIComponent(escaped),
      ),
    )
    .join('/');
}
