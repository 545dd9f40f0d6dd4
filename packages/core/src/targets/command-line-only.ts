/**
 * Options that lower a guard (trust the repository's Codex settings, give the reviewer a shell) must
 * come from the user, never from the repository under review. Nx merges project.json, nx.json
 * targetDefaults and the command line into one options object, but keeps what was typed on the
 * command line as the task's `overrides` (`nx run p:t --x`, `nx affected -t t --x`): those are
 * the only values honoured. An environment variable is not offered: Nx loads the repository's .env
 * files into every task's environment, so the repository could set it.
 */

/** The part of Nx's ExecutorContext this needs (structural, so core does not depend on @nx/devkit). */
export interface TaskContextLike {
  projectName?: string;
  targetName?: string;
  configurationName?: string;
  taskGraph?: {
    tasks: Record<
      string,
      { target: { project: string; target: string; configuration?: string }; overrides?: Record<string, unknown> }
    >;
  };
}

/** The command-line overrides of the task this executor runs, or {} when Nx did not say. */
export function commandLineOverrides(context: TaskContextLike): Record<string, unknown> {
  const tasks = Object.values(context.taskGraph?.tasks ?? {});
  const task = tasks.find(
    (candidate) =>
      candidate.target.project === context.projectName &&
      candidate.target.target === context.targetName &&
      (candidate.target.configuration ?? undefined) === (context.configurationName ?? undefined),
  );
  return task?.overrides ?? {};
}

/**
 * `options` with each of `names` kept only when the command line gave it (a value from project.json
 * or nx.json is dropped, with a notice that says how to give it).
 */
export function keepCommandLineOnly<T extends object>(
  options: T,
  context: TaskContextLike,
  names: ReadonlyArray<keyof T & string>,
): { options: T; notices: string[] } {
  const overrides = commandLineOverrides(context);
  const kept = { ...options };
  const notices: string[] = [];
  for (const name of names) {
    if (kept[name] === undefined) continue;
    const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (name in overrides || kebab in overrides) continue;
    const flag = typeof kept[name] === 'boolean' ? `--${name}` : `--${name}=…`;
    delete kept[name];
    notices.push(
      `option \`${name}\` is ignored: it lowers a guard, so it is honoured only from the command line (e.g. \`nx run ${context.projectName ?? 'PROJECT'}:${context.targetName ?? 'TARGET'} ${flag}\`), never from project.json or nx.json, which a pull request can change.`,
    );
  }
  return { options: kept, notices };
}
