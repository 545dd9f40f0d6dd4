// `nx-codex base-commit` is the runtime cache input of a `changes` target: it must resolve the base as the review does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseCommitCommand } from './base-commit-command';

let root: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
const run = (argv: string[], env: Record<string, string> = {}) => {
  let out = '';
  const code = baseCommitCommand(argv, { stdout: (text) => (out += text), stderr: () => undefined, env, cwd: root });
  return { code, out };
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'base-commit-'));
  git('init', '-q', '-b', 'master');
  writeFileSync(path.join(root, 'a.txt'), '1\n');
  git('add', '-A');
  git('commit', '-qm', 'one');
  writeFileSync(path.join(root, 'a.txt'), '2\n');
  git('commit', '-qam', 'two');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('prints the default branch, then nx.json defaultBase, NX_BASE and --base, in rising precedence, with the head', () => {
  const [head, first] = [git('rev-parse', 'HEAD'), git('rev-parse', 'HEAD~1')];
  expect(run([])).toEqual({ code: 0, out: `base ${head}\nhead working tree\n` });
  git('branch', 'release', first);
  writeFileSync(path.join(root, 'nx.json'), JSON.stringify({ defaultBase: 'release' }));
  expect(run([]).out).toBe(`base ${first}\nhead working tree\n`);
  expect(run([], { NX_BASE: 'master', NX_HEAD: 'release' }).out).toBe(`base ${head}\nhead ${first}\n`);
  expect(run(['--base=HEAD~1'], { NX_BASE: 'master' }).out).toBe(`base ${first}\nhead working tree\n`);
});

it('prints "none" for a base that does not resolve (the review then fails and says why)', () => {
  expect(run([], { NX_BASE: 'no-such-branch' }).out).toBe('base none\nhead working tree\n');
});
