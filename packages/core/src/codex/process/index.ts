/** The only place that starts processes. Unit tests replace this module with jest.mock. */
export { runProcess, WATCHDOG_SCRIPT } from './run-process';
export type { RunProcessOptions, RunProcessResult } from './run-process';
export { LineSplitter } from './line-splitter';
export { makeTempDir, removeTempDir, removeTempDirsSync, TEMP_DIR_PREFIX } from './temp-dirs';
export { captureOutputSync } from './run-capture';
export type { CaptureResult } from './run-capture';
export {
  DEFAULT_KILL_GRACE_MS,
  PARENT_POLL_MS,
  runningGroupCount,
  signalGroup,
  terminateGroup,
} from './process-groups';
export type { StopReason } from './process-groups';
