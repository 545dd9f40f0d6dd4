/**
 * The part of secretlint's API this module uses, typed here: its own types resolve only through
 * its ESM "import" condition, which this CommonJS build does not see.
 */
export interface DetectorMessage {
  ruleId: string;
  messageId?: string;
  message: string;
  /** Character offsets into the scanned text. */
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  /** The values the message was built from (the secret itself among them, unmasked). */
  data?: Record<string, unknown>;
}

export type LintSource = (input: {
  source: { filePath: string; content: string; ext: string; contentType: 'text' | 'binary' };
  options: { config: { rules: DetectorRuleConfig[] }; maskSecrets?: boolean; locale?: string };
}) => Promise<{ messages: DetectorMessage[] }>;

export interface DetectorRuleConfig {
  id: string;
  rule?: DetectorRule;
  options?: Record<string, unknown>;
  disabled?: boolean;
  rules?: DetectorRuleConfig[];
}

export interface DetectorReportContext {
  report(descriptor: {
    message: { message: string; messageId: string; data?: Record<string, unknown> };
    range: [number, number];
  }): void;
  createTranslator(messages: Record<string, { en: (data: Record<string, string>) => string }>): (
    id: string,
    data: Record<string, string>,
  ) => {
    message: string;
    messageId: string;
    data?: Record<string, unknown>;
  };
}

export interface DetectorRule {
  messages?: Record<string, { en: (data: Record<string, string>) => string }>;
  meta: {
    id: string;
    recommended: boolean;
    type: 'scanner' | 'preset';
    supportedContentTypes?: string[];
    docs?: { url: string };
  };
  create(context: DetectorReportContext, options: Record<string, unknown>): { file(source: { content: string }): void };
}
