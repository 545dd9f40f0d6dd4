import { commandLineOverrides, keepCommandLineOnly, type TaskContextLike } from './command-line-only';

interface Options {
  model?: string;
  trustCodexConfig?: boolean;
  shellTools?: boolean;
}

/** An executor context as Nx builds it: the task's `overrides` hold what was typed on the command line. */
function context(overrides: Record<string, unknown>, configuration?: string): TaskContextLike {
  const task = (target: string, extra: Record<string, unknown> = {}) => ({
    target: { project: 'app', target, ...(configuration ? { configuration } : {}) },
    overrides: extra,
  });
  return {
    projectName: 'app',
    targetName: 'codex-review',
    configurationName: configuration,
    taskGraph: {
      tasks: {
        'app:build': task('build', { trustCodexConfig: true }),
        'app:codex-review': task('codex-review', overrides),
      },
    },
  };
}

describe('keepCommandLineOnly', () => {
  it('keeps an option typed on the command line', () => {
    const { options, notices } = keepCommandLineOnly<Options>(
      { model: 'o3', trustCodexConfig: true },
      context({ trustCodexConfig: true }),
      ['trustCodexConfig', 'shellTools'],
    );
    expect(options).toEqual({ model: 'o3', trustCodexConfig: true });
    expect(notices).toEqual([]);
  });

  it('drops an option that came from project.json or nx.json, and says how to give it', () => {
    const { options, notices } = keepCommandLineOnly<Options>(
      { model: 'o3', trustCodexConfig: true, shellTools: true },
      context({ model: 'o3' }),
      ['trustCodexConfig', 'shellTools'],
    );
    expect(options).toEqual({ model: 'o3' });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(
      /^option `trustCodexConfig` is ignored: .*only from the command line \(e\.g\. `nx run app:codex-review --trustCodexConfig`\), never from project\.json or nx\.json/,
    );
  });

  it("reads the overrides of this task only (another task's do not count), configurations included", () => {
    expect(commandLineOverrides(context({}))).toEqual({});
    expect(commandLineOverrides(context({ shellTools: true }, 'ci'))).toEqual({ shellTools: true });
    expect(
      keepCommandLineOnly<Options>({ trustCodexConfig: true }, { projectName: 'app', targetName: 'codex-review' }, [
        'trustCodexConfig',
      ]).options,
    ).toEqual({});
  });
});
