import { loadSettings } from '../config/load-settings';
import type { LoadedSettings } from '../config/types';
import type { CliIo } from './io';
import { resolveProjectRoot, workspaceRootFor } from './workspace';

export interface CliSettingsArgs {
  workspace?: string;
  project?: string;
  profile?: string;
}

export interface CliSettings extends LoadedSettings {
  workspaceRoot: string;
  projectRoot?: string;
}

/** The settings a command works on: the same loadSettings call an executor makes, without options. */
export function loadForCli(args: CliSettingsArgs, io: CliIo): CliSettings {
  const workspaceRoot = workspaceRootFor(io.cwd, args.workspace);
  const projectRoot = args.project ? resolveProjectRoot(workspaceRoot, args.project, io.cwd) : undefined;
  const loaded = loadSettings({ workspaceRoot, projectRoot, env: io.env, profile: args.profile });
  return { ...loaded, workspaceRoot, projectRoot };
}
