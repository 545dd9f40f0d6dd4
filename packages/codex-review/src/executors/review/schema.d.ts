export interface ReviewExecutorSchema {
  scope?: 'project' | 'changes';
  base?: string;
  head?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  maxPromptTokens?: number;
  concurrency?: number;
  instructions?: string;
  failOn?: 'P0' | 'P1' | 'P2' | 'P3' | 'none';
  model?: string;
  profile?: string;
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
  config?: Record<string, unknown>;
  transport?: 'exec' | 'mcp' | 'auto';
  codexPath?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
  localModelScenario?: string;
}
