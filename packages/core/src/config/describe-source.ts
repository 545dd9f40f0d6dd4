import path from 'node:path';
import type { SettingSource } from './types';

export interface DescribeSourceContext {
  /** Shown as `~`. */
  homeDir?: string;
  /** Files below it are shown relative to it. */
  workspaceRoot?: string;
}

function shortPath(file: string, context: DescribeSourceContext): string {
  if (context.workspaceRoot) {
    const relative = path.relative(context.workspaceRoot, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
  }
  if (context.homeDir && (file === context.homeDir || file.startsWith(context.homeDir + path.sep)))
    return `~${file.slice(context.homeDir.length)}`;
  return file;
}

/** `~/.codex/config.toml:3`, `.codex/config.toml:2`, `executor option`, `Codex default`. */
export function describeSource(source: SettingSource, context: DescribeSourceContext = {}): string {
  if (source.kind === 'default') return 'Codex default';
  if (source.kind === 'option' || !source.file) return source.kind === 'option' ? 'option' : source.kind;
  const file = shortPath(source.file, context);
  return source.line === undefined ? file : `${file}:${source.line}`;
}
