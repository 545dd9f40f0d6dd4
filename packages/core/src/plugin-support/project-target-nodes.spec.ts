import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CreateNodesContextV2 } from '@nx/devkit';
import { projectTargetNodes, type ProjectTargetPluginOptions } from './project-target-nodes';

/** projectTargetNodes over real files in a temporary workspace; the target is a marker of the options it got. */
type Result = readonly [string, { projects?: Record<string, { targets: Record<string, { options?: unknown }> }> }];
const [pattern, createNodes] = projectTargetNodes<ProjectTargetPluginOptions & { flag?: string }>(
  'probe',
  (options) => ({ executor: 'x:probe', options: { flag: options.flag } }),
);

let root: string;
const write = (file: string, content: string | object) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
};
const infer = async (files: string[], options?: ProjectTargetPluginOptions & { flag?: string }) =>
  (await createNodes(files, options, {
    workspaceRoot: root,
    nxJsonConfiguration: {},
  } as CreateNodesContextV2)) as Result[];
/** Each config file Nx gets a result for, with the roots and target names it adds. */
const targetsOf = (results: Result[]) =>
  results.map(([file, result]) => [
    file,
    Object.entries(result.projects ?? {}).map(([projectRoot, project]) => [projectRoot, Object.keys(project.targets)]),
  ]);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'nx-codex-target-nodes-'));
  write('package.json', { name: 'ws', workspaces: { packages: ['packages/*'] } });
  write('project.json', { name: 'ws-root' });
  write('apps/web/project.json', { name: 'web' });
  write('libs/a/project.json', { name: 'a' });
  write('packages/c/project.json', { name: 'c' });
  write('packages/c/package.json', { name: '@ws/c-package' });
  write('packages/b/package.json', { name: '@ws/b', nx: { name: 'b' } });
  write('tools/scripts/package.json', { name: 'not-a-project' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const ALL = [
  'package.json',
  'project.json',
  'apps/web/project.json',
  'libs/a/project.json',
  'packages/b/package.json',
  'packages/c/project.json',
  'packages/c/package.json',
  'tools/scripts/package.json',
];

it('finds every project once: project.json folders and package.json folders of the workspaces, not the root', async () => {
  expect(pattern).toBe('**/{project.json,package.json}');
  expect(targetsOf(await infer(ALL))).toEqual([
    ['apps/web/project.json', [['apps/web', ['probe']]]],
    ['libs/a/project.json', [['libs/a', ['probe']]]],
    ['packages/b/package.json', [['packages/b', ['probe']]]],
    ['packages/c/project.json', [['packages/c', ['probe']]]],
  ]);
});

it('passes the options to the target and names it targetName', async () => {
  const [[, result]] = await infer(['libs/a/project.json'], { targetName: 'check', flag: 'on' });
  expect(result.projects?.['libs/a'].targets).toEqual({ check: { executor: 'x:probe', options: { flag: 'on' } } });
});

it('matches include/exclude by name (project.json name, package.json nx.name) or root glob, braces included', async () => {
  expect(targetsOf(await infer(ALL, { include: ['{apps,libs}/*'] }))).toEqual([
    ['apps/web/project.json', [['apps/web', ['probe']]]],
    ['libs/a/project.json', [['libs/a', ['probe']]]],
    ['packages/b/package.json', []],
    ['packages/c/project.json', []],
  ]);
  expect(targetsOf(await infer(ALL, { include: ['a', 'b', 'c'], exclude: ['packages/c/'] }))).toEqual([
    ['apps/web/project.json', []],
    ['libs/a/project.json', [['libs/a', ['probe']]]],
    ['packages/b/package.json', [['packages/b', ['probe']]]],
    ['packages/c/project.json', []],
  ]);
});

it('reports a malformed project.json against its own file and still gives the other projects their target', async () => {
  write('libs/a/project.json', '{ "name": "a", }');
  const failure = await infer(ALL).then(
    () => undefined,
    (error: { errors: Array<[string, Error]>; partialResults: Result[] }) => error,
  );
  expect(failure?.errors).toEqual([
    [
      'libs/a/project.json',
      expect.objectContaining({ message: expect.stringContaining('libs/a/project.json is not valid JSON') }),
    ],
  ]);
  expect(targetsOf(failure?.partialResults ?? [])).toEqual([
    ['apps/web/project.json', [['apps/web', ['probe']]]],
    ['packages/b/package.json', [['packages/b', ['probe']]]],
    ['packages/c/project.json', [['packages/c', ['probe']]]],
  ]);
});
