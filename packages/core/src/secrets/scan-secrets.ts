/**
 * Scans text bound for a prompt with secretlint's recommended preset (plus a few gitleaks
 * patterns) and redacts what it finds. Every file, context file and diff goes through here once,
 * after it was read and before any prompt is built.
 */
import * as path from 'node:path';
import type { DetectorMessage, DetectorRuleConfig } from './detector-types';
import { extraRules } from './extra-rules';
import { loadDetector, type LoadedDetector } from './load-detector';
import { isAllowedSecretPath, validateSecretOptions, type SecretScanOptions } from './options';
import { occurrences, redact, type SecretSpan } from './redact';
import { ruleName } from './rule-names';
import { RULE_OPTIONS } from './rule-options';

export interface SecretHit {
  /** Workspace-relative path of the scanned text. */
  file: string;
  /** 1-based lines of the secret in the original (and the redacted) text. */
  line: number;
  endLine: number;
  /** `aws-access-key`, `private-key`...; never the value. */
  rule: string;
}

export interface ScannedText {
  path: string;
  content: string;
}

export interface SecretScan<T extends ScannedText> {
  /** The same items, in order, with secrets replaced by `[REDACTED:<rule>]` (same line count). */
  files: T[];
  hits: SecretHit[];
  /** UTF-16 code units scanned and the time it took, for the cost figures in reports and benches. */
  scannedChars: number;
  ms: number;
}

/** Values in a message's data shorter than this are labels, not secrets (a secret is at least a password's length). */
const MIN_VALUE_LENGTH = 8;
const COMMENT_FILTER_RULE = '@secretlint/secretlint-rule-filter-comments';

export async function scanForSecrets<T extends ScannedText>(
  texts: T[],
  options: SecretScanOptions = {},
): Promise<SecretScan<T>> {
  validateSecretOptions(options);
  const started = performance.now();
  const detector = await loadDetector();
  const disabled = new Set(options.disableSecretRules ?? []);
  const config = { rules: detectorRules(detector) };
  const files: T[] = [];
  const hits: SecretHit[] = [];
  let scannedChars = 0;
  for (const text of texts) {
    if (isAllowedSecretPath(text.path, options.allowSecretPaths) || text.content === '') {
      files.push(text);
      continue;
    }
    scannedChars += text.content.length;
    const { messages } = await detector.lintSource({
      source: { filePath: text.path, content: text.content, ext: path.posix.extname(text.path), contentType: 'text' },
      options: { config, maskSecrets: false, locale: 'en' },
    });
    const found = messages
      .map((message) => ({ message, rule: ruleName(message.messageId, message.ruleId) }))
      .filter(({ rule }) => !disabled.has(rule));
    if (found.length === 0) {
      files.push(text);
      continue;
    }
    files.push({
      ...text,
      content: redact(
        text.content,
        found.flatMap(({ message, rule }) => spansOf(text.content, message, rule)),
      ),
    });
    hits.push(...uniqueHits(text.path, found));
  }
  return { files, hits, scannedChars, ms: performance.now() - started };
}

/**
 * The recommended preset's rules without its comment filter: a `secretlint-disable` comment in the
 * repository under review must not decide what leaves the machine; allowSecretPaths and
 * disableSecretRules, set by the user, do that. (A rule disabled inside a preset's config is still
 * run by secretlint 11, so the rules are registered one by one.)
 */
function detectorRules(detector: LoadedDetector): DetectorRuleConfig[] {
  return [...detector.presetRules.filter((rule) => rule.meta.id !== COMMENT_FILTER_RULE), extraRules].map((rule) => ({
    id: rule.meta.id,
    rule,
    options: RULE_OPTIONS[rule.meta.id],
  }));
}

/** How far from the reported range a reported value is still taken for that finding's value. */
const VALUE_NEARBY_CHARS = 256;

/**
 * The reported range, plus the values the rule reported where they occur around it: some rules
 * report a range that does not cover the value (the AWS secret key rule starts it at the variable
 * name and gives it the value's length).
 */
function spansOf(content: string, message: DetectorMessage, rule: string): SecretSpan[] {
  const [start, end] = message.range;
  const spans: SecretSpan[] = [{ start, end, rule }];
  for (const value of Object.values(message.data ?? {})) {
    if (typeof value !== 'string' || value.length < MIN_VALUE_LENGTH || /\s/.test(value)) continue;
    spans.push(
      ...occurrences(content, value, rule).filter(
        (span) => span.end > start - VALUE_NEARBY_CHARS && span.start < end + VALUE_NEARBY_CHARS,
      ),
    );
  }
  return spans;
}

function uniqueHits(file: string, found: Array<{ message: DetectorMessage; rule: string }>): SecretHit[] {
  const seen = new Set<string>();
  const hits: SecretHit[] = [];
  for (const { message, rule } of found) {
    const hit = {
      file,
      line: message.loc.start.line,
      endLine: Math.max(message.loc.start.line, message.loc.end.line),
      rule,
    };
    const key = `${hit.line}:${hit.rule}`;
    if (!seen.has(key)) {
      seen.add(key);
      hits.push(hit);
    }
  }
  return hits.sort((a, b) => a.line - b.line || (a.rule < b.rule ? -1 : 1));
}
