// Which offline demo an nx command line asks for.
import { readDemoTarget, requestsOffline } from './argv';

const PLUGINS = [
  { plugin: './packages/codex-review/src/plugins/plugin.ts', options: { offlineScenario: 'review.json' } },
  { plugin: '@nx-codex/test-generation/plugin', options: { offlineScenario: 'generate.json' } },
  './tools/offline-demo/plugin.js',
];
const argv = (...args: string[]) => ['/usr/bin/node', '/repo/node_modules/nx/bin/nx.js', ...args];

describe('requestsOffline', () => {
  it.each([
    ['run-many', '-t', 'codex-review', '--configuration=offline'],
    ['run-many', '-t', 'codex-review', '--configuration', 'offline'],
    ['run-many', '-t', 'codex-review', '-c', 'offline'],
    ['run-many', '-t', 'codex-review', '-c=offline'],
    ['run', 'demo-app:codex-review:offline'],
  ])('sees %s', (...args) => expect(requestsOffline(argv(...args))).toBe(true));

  it.each([
    ['run-many', '-t', 'codex-review'],
    ['run-many', '-t', 'codex-review', '--configuration=ci'],
    ['run', 'demo-app:codex-review:production'],
    ['run', 'offline:codex-review'],
  ])('not in %s', (...args) => expect(requestsOffline(argv(...args))).toBe(false));
});

describe('readDemoTarget', () => {
  it('finds the target in -t lists, project:target and the infix form, with its scenario from nx.json', () => {
    expect(readDemoTarget(argv('run-many', '-t', 'lint,codex-review', '-c', 'offline'), PLUGINS)).toEqual({
      target: 'codex-review',
      scenario: 'review.json',
    });
    expect(readDemoTarget(argv('run', 'demo-lib:codex-generate-tests:offline'), PLUGINS)).toEqual({
      target: 'codex-generate-tests',
      scenario: 'generate.json',
    });
    expect(readDemoTarget(argv('codex-review', 'demo-app', '-c', 'offline'), PLUGINS)?.target).toBe('codex-review');
  });

  it('is undefined for other targets, or when nx.json gives the target no scenario', () => {
    expect(readDemoTarget(argv('run-many', '-t', 'test', '-c', 'offline'), PLUGINS)).toBeUndefined();
    expect(readDemoTarget(argv('run-many', '-t', 'codex-review', '-c', 'offline'), [PLUGINS[1]])).toBeUndefined();
  });

  it('refuses both targets in one command: one scripted model serves one run', () => {
    expect(() =>
      readDemoTarget(argv('run-many', '-t', 'codex-review,codex-generate-tests', '-c', 'offline'), PLUGINS),
    ).toThrow(
      'codex-review and codex-generate-tests answer from different scripted models; run them offline in separate commands.',
    );
  });
});
