import { resolveOutputDir } from './output-path';

describe('resolveOutputDir', () => {
  const project = { name: 'app', root: 'apps/app' };

  it('is outputPath relative to the workspace root, else dist/<target>/<project>', () => {
    expect(resolveOutputDir('codex-review', '/ws', project, 'reports/app')).toBe('/ws/reports/app');
    expect(resolveOutputDir('codex-review', '/ws', project, undefined)).toBe('/ws/dist/codex-review/app');
    expect(resolveOutputDir('codex-generate-tests', '/ws', project, undefined)).toBe(
      '/ws/dist/codex-generate-tests/app',
    );
  });

  it('refuses the workspace root, a folder outside it and the project folder, saying what to set', () => {
    for (const outputPath of ['.', '..', '../elsewhere', '/tmp/reports', 'apps/app', 'apps/app/']) {
      expect(() => resolveOutputDir('codex-review', '/ws', project, outputPath)).toThrow(
        /outputPath ".*" of app:codex-review is .*Give a folder of its own inside the workspace, e\.g\. "dist\/codex-review\/app"/,
      );
    }
  });
});
