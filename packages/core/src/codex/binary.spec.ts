import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCodexBinary, readCodexVersion } from './binary';
import { CodexError } from './errors';
import { platformTarget } from './launcher';
import { captureOutputSync } from './process';

jest.mock('./process', () => ({ captureOutputSync: jest.fn() }));

const capture = captureOutputSync as jest.MockedFunction<typeof captureOutputSync>;
let root: string;

function executable(file: string, body = '#!/bin/sh\necho codex-cli 0.169.0\n'): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
  chmodSync(file, 0o755);
  return file;
}

/** The npm layout: the launcher package and the platform package next to it. */
function npmLayout(workspace: string, withNative = true): { launcher: string; native: string } {
  const pkg = path.join(workspace, 'node_modules', '@openai', 'codex');
  writeFileSync(path.join(mkdirP(pkg), 'package.json'), JSON.stringify({ name: '@openai/codex', version: '0.169.0' }));
  const launcher = executable(path.join(pkg, 'bin', 'codex.js'), '#!/usr/bin/env node\n');
  const target = platformTarget('linux', 'x64') as { pkg: string; triple: string };
  const platformPkg = path.join(workspace, 'node_modules', ...target.pkg.split('/'));
  writeFileSync(path.join(mkdirP(platformPkg), 'package.json'), JSON.stringify({ name: target.pkg }));
  const native = path.join(platformPkg, 'vendor', target.triple, 'bin', 'codex');
  if (withNative) executable(native);
  return { launcher, native };
}

function mkdirP(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function version(text: string): void {
  capture.mockReturnValue({ stdout: `${text}\n`, stderr: '', exitCode: 0, timedOut: false });
}

function failure(fn: () => unknown): CodexError {
  try {
    fn();
  } catch (error) {
    return error as CodexError;
  }
  throw new Error('expected a failure');
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'codex-binary-spec-'));
  capture.mockReset();
  version('codex-cli 0.169.0');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findCodexBinary', () => {
  it('takes the explicit option first, then CODEX_BIN, then node_modules, then PATH', () => {
    const workspace = mkdirP(path.join(root, 'ws'));
    const explicit = executable(path.join(root, 'explicit', 'codex'));
    const fromEnv = executable(path.join(root, 'env', 'codex'));
    const onPath = executable(path.join(root, 'bin', 'codex'));
    npmLayout(workspace);
    const env = { CODEX_BIN: fromEnv, PATH: path.join(root, 'bin') };

    expect(findCodexBinary({ explicit, env, workspaceRoot: workspace })).toMatchObject({
      path: explicit,
      source: 'option',
    });
    expect(findCodexBinary({ env, workspaceRoot: workspace })).toMatchObject({ path: fromEnv, source: 'env' });
    expect(findCodexBinary({ env: { PATH: env.PATH }, workspaceRoot: workspace }).source).toBe('node_modules');
    expect(findCodexBinary({ env: { PATH: env.PATH }, workspaceRoot: mkdirP(path.join(root, 'empty')) })).toMatchObject(
      { path: onPath, source: 'path' },
    );
  });

  it('prefers the native binary the npm launcher would start', () => {
    const workspace = mkdirP(path.join(root, 'ws'));
    const { launcher, native } = npmLayout(workspace);
    const found = findCodexBinary({ env: {}, workspaceRoot: workspace, platform: 'linux', arch: 'x64' });
    expect(found).toEqual({
      path: native,
      launcher,
      version: '0.169.0',
      source: 'node_modules',
      abilities: { outputSchema: true, execResume: true },
    });
    expect(capture).toHaveBeenCalledWith(native, ['--version'], expect.anything());
  });

  it('falls back to the launcher under node when the native binary is missing', () => {
    const workspace = mkdirP(path.join(root, 'ws'));
    const { launcher } = npmLayout(workspace, false);
    const found = findCodexBinary({ env: {}, workspaceRoot: workspace });
    expect(found.path).toBe(launcher);
    expect(found.launcher).toBeUndefined();
    expect(capture).toHaveBeenCalledWith(process.execPath, [launcher, '--version'], expect.anything());
  });

  it('says how to install codex when there is none', () => {
    const error = failure(() => findCodexBinary({ env: { PATH: path.join(root, 'nothing') }, workspaceRoot: root }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('npm install -D @openai/codex@0.169.0');
    expect(capture).not.toHaveBeenCalled();
  });

  it('does not fall back when the explicit path is wrong', () => {
    executable(path.join(root, 'bin', 'codex'));
    const error = failure(() =>
      findCodexBinary({ explicit: 'tools/codex', env: { PATH: path.join(root, 'bin') }, workspaceRoot: root }),
    );
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(
      `Codex not found at ${path.join(root, 'tools/codex')} (from the codex binary option)`,
    );
  });

  it('refuses a codex older than the minimum, with the upgrade command', () => {
    version('codex-cli 0.1.0');
    const old = executable(path.join(root, 'old', 'codex'));
    const error = failure(() => findCodexBinary({ explicit: old, env: {}, workspaceRoot: root }));
    expect(error.kind).toBe('too-old');
    expect(error.message).toContain('Codex 0.1.0');
    expect(error.message).toContain('needs 0.150.0 or newer');
    expect(error.message).toContain('npm install -D @openai/codex@0.169.0');
  });

  it('drives codex 0.153.x, the last with mcp-server, through exec like any supported version', () => {
    version('codex-cli 0.153.4');
    const legacy = executable(path.join(root, 'legacy', 'codex'));
    expect(findCodexBinary({ explicit: legacy, env: {}, workspaceRoot: root }).abilities).toEqual({
      outputSchema: true,
      execResume: true,
    });
  });

  it('says so when the file is not codex', () => {
    capture.mockReturnValue({ stdout: 'hello\n', stderr: '', exitCode: 0, timedOut: false });
    const other = executable(path.join(root, 'other', 'codex'));
    const error = failure(() => findCodexBinary({ explicit: other, env: {}, workspaceRoot: root }));
    expect(error.kind).toBe('spawn');
    expect(error.message).toContain('printed no version');
  });
});

describe('readCodexVersion', () => {
  it('asks once per path and modification time', () => {
    const file = executable(path.join(root, 'cached', 'codex'));
    expect(readCodexVersion(file)).toBe('0.169.0');
    expect(readCodexVersion(file)).toBe('0.169.0');
    expect(capture).toHaveBeenCalledTimes(1);
    version('codex-cli 0.170.1');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(readCodexVersion(file)).toBe('0.170.1');
    expect(capture).toHaveBeenCalledTimes(2);
  });
});
