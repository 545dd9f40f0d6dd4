import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodexError, tailLines } from '../errors';
import { codexErrorLine, withoutBacktrace } from '../codex-stderr';
import {
  cancelledByError,
  modelFailureError,
  RECONNECT_LOOP,
  timeoutError,
  unreachableProviderError,
} from '../failures';
import { commandOf } from '../launcher';
import { makeTempDir, removeTempDir, runProcess, type RunProcessResult } from '../process';
import type { AttemptContext, AttemptResult, Transport } from '../transport';
import { TurnCollector } from '../turn-collector';
import type { CodexCallOptions, CodexUsage } from '../types';
import { buildExecArgs, redactArgs, type ExecFiles } from './exec-args';
import { parseExecLine } from './jsonl-events';

/** Files codex reads by path (output schema, base instructions), in a temp dir removed afterwards. */
async function writeCallFiles(options: CodexCallOptions): Promise<{ files: ExecFiles; dir?: string }> {
  if (!options.outputSchema && options.baseInstructions === undefined) return { files: {} };
  const dir = makeTempDir('call');
  const files: ExecFiles = {};
  if (options.outputSchema) {
    files.outputSchemaFile = path.join(dir, 'output-schema.json');
    await writeFile(files.outputSchemaFile, JSON.stringify(options.outputSchema));
  }
  if (options.baseInstructions !== undefined) {
    files.instructionsFile = path.join(dir, 'base-instructions.md');
    await writeFile(files.instructionsFile, options.baseInstructions);
  }
  return { files, dir };
}

function buildInvocation(options: CodexCallOptions, files: ExecFiles): ReturnType<typeof buildExecArgs> {
  try {
    return buildExecArgs(options, files);
  } catch (error) {
    throw new CodexError(`Bad codex call options: ${(error as Error).message}.`, {
      kind: 'invalid-options',
      cause: error,
    });
  }
}

/** The text codex gave for a failure: turn.failed, else its `Error:` line, else its last error event, else stderr. */
function failureText(collector: TurnCollector, stderr: string): string {
  if (collector.failure) return collector.failure;
  const errorLine = codexErrorLine(stderr);
  if (errorLine) return errorLine;
  const lastWarning = collector.warnings[collector.warnings.length - 1];
  if (lastWarning) return lastWarning;
  const lastLines = tailLines(withoutBacktrace(stderr), 3)
    .split('\n')
    .filter((line) => !/^(WARNING: proceeding|Reading additional input from stdin)/.test(line));
  return lastLines.join(' ').trim() || 'codex exited without saying why';
}

/**
 * The usage of the turn a finished `codex exec` process completed; otherwise the error it stands for:
 * could not start, stopped, killed, the model failed, or no turn.completed.
 */
function completedTurnUsage(
  result: RunProcessResult,
  collector: TurnCollector,
  context: AttemptContext,
  command: string[],
): CodexUsage {
  const details = { command, exitCode: result.exitCode, stderrTail: tailLines(withoutBacktrace(result.stderr)) };
  if (result.spawnError) {
    throw new CodexError(
      `Could not start codex (${context.binary.path}): ${result.spawnError.message}. Check the binary, or reinstall it.`,
      { ...details, kind: 'spawn' },
    );
  }
  if (result.stopped === 'timeout') throw timeoutError(context.timeoutMs, details);
  if (result.stopped) throw cancelledByError(result.stopped, details);
  if (result.signal && !collector.failure) {
    throw new CodexError(
      `Codex was killed by ${result.signal} before the turn ended (out of memory, or stopped from outside).`,
      { ...details, kind: 'model' },
    );
  }
  if (collector.failure || result.exitCode !== 0)
    throw modelFailureError(failureText(collector, result.stderr), details);
  if (!collector.usage) {
    throw new CodexError(
      'Codex exited without completing the turn (no turn.completed event). Run the command below by hand to see why.',
      { ...details, kind: 'model' },
    );
  }
  return collector.usage;
}

/** `codex exec --json`: one process per attempt, events from its JSONL stdout. */
export class ExecTransport implements Transport {
  readonly name = 'exec' as const;

  async attempt(options: CodexCallOptions, context: AttemptContext): Promise<AttemptResult> {
    const { files, dir } = await writeCallFiles(options);
    try {
      const invocation = buildInvocation(options, files);
      const { file, prefixArgs } = commandOf(context.binary.path);
      const command = [context.binary.path, ...redactArgs(invocation.args, options.prompt)];
      const collector = new TurnCollector();
      const started = Date.now();
      const result = await runProcess({
        file,
        args: [...prefixArgs, ...invocation.args],
        env: context.env,
        input: invocation.stdinPrompt,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
        killGraceMs: context.killGraceMs,
        cleanupPaths: dir ? [dir] : [],
        onLine: (line) => {
          const event = parseExecLine(line);
          if (!event) return;
          collector.add(event);
          context.emit(event);
          // Throwing stops codex (runProcess ends its group) and becomes the call's error.
          if (event.type === 'warning' && RECONNECT_LOOP.test(event.message)) {
            throw unreachableProviderError(event.message, Date.now() - started, { command });
          }
        },
      });
      const threadUsage = completedTurnUsage(result, collector, context, command);
      return { threadId: collector.threadId, text: collector.lastAgentMessage ?? '', threadUsage };
    } finally {
      if (dir) removeTempDir(dir);
    }
  }

  async close(): Promise<void> {
    // Nothing outlives an exec attempt.
  }
}
