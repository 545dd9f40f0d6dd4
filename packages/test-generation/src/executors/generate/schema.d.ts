export interface GenerateExecutorSchema {
  scope?: 'project' | 'changes';
  base?: string;
  head?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  maxPromptTokens?: number;
  testCommand?: string;
  testRunner?: 'auto' | 'jest' | 'other';
  testTimeoutSeconds?: number;
  allowedWrites?: string[];
  maxIterations?: number;
  runs?: number;
  dryRun?: boolean;
  allowDirty?: boolean;
  instructions?: string;
  model?: string;
  profile?: string;
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
  config?: Record<string, unknown>;
  codexPath?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
  localModelScenario?: string;
  printTestOutput?: boolean;
}
