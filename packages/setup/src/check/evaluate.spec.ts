import { evaluateEnvironment, formatCheckReport, hasFailures } from './evaluate';
import type { EnvironmentFacts } from './types';

const allGood: EnvironmentFacts = {
  workspaceRoot: '/ws',
  codex: { found: true, path: '/ws/node_modules/@openai/codex/bin/codex.js', source: 'workspace', version: '0.169.0' },
  auth: { authFile: '/home/u/.codex/auth.json', authFileExists: true, apiKeyVariables: [] },
  settings: { status: 'valid', summary: 'model gpt-5.5' },
};

describe('evaluateEnvironment', () => {
  it('passes when codex, credentials and settings are in place', () => {
    const items = evaluateEnvironment(allGood);
    expect(hasFailures(items)).toBe(false);
    expect(formatCheckReport(items)).toBe(
      [
        'nx-codex environment check',
        '  ✔ Codex CLI: 0.169.0 at /ws/node_modules/@openai/codex/bin/codex.js (workspace)',
        '  ✔ Codex credentials: logged in (/home/u/.codex/auth.json exists)',
        '  ✔ Codex settings: valid (model gpt-5.5)',
        'Everything required is in place.',
      ].join('\n'),
    );
  });

  it('says where it looked and how to install when codex is missing', () => {
    const items = evaluateEnvironment({
      ...allGood,
      codex: {
        found: false,
        reason:
          'Codex CLI not found: no CODEX_BIN, no /ws/node_modules/@openai/codex/bin/codex.js and no `codex` on PATH.',
      },
    });
    expect(hasFailures(items)).toBe(true);
    const report = formatCheckReport(items);
    expect(report).toContain(
      '  ✘ Codex CLI: Codex CLI not found: no CODEX_BIN, no /ws/node_modules/@openai/codex/bin/codex.js and no `codex` on PATH.',
    );
    expect(report).toContain('      fix: npm install -D @openai/codex@0.169.0 (or run `nx add @nx-codex/setup`)');
    expect(report).toContain('1 required item is missing (✘ above).');
  });

  it('fails when codex is there but does not answer --version', () => {
    const items = evaluateEnvironment({
      ...allGood,
      codex: { found: true, path: '/usr/bin/codex', source: 'PATH', versionError: 'no answer within 15 s' },
    });
    expect(items[0]).toMatchObject({
      status: 'fail',
      detail: 'found at /usr/bin/codex (PATH), but `codex --version` failed: no answer within 15 s',
    });
  });

  it('warns, without failing, on a codex version other than the tested one', () => {
    const items = evaluateEnvironment({
      ...allGood,
      codex: { ...allGood.codex, version: '0.153.4' } as EnvironmentFacts['codex'],
    });
    expect(items[0]).toMatchObject({ status: 'warn', detail: expect.stringContaining('0.153.4 at') });
    expect(hasFailures(items)).toBe(false);
  });

  it('accepts an API key variable instead of a login, naming only the variable', () => {
    const items = evaluateEnvironment({
      ...allGood,
      auth: { authFile: '/h/.codex/auth.json', authFileExists: false, apiKeyVariables: ['CODEX_API_KEY'] },
    });
    expect(items[1]).toEqual({ label: 'Codex credentials', status: 'ok', detail: 'CODEX_API_KEY set' });
  });

  it('fails without login or key, and says how to log in', () => {
    const items = evaluateEnvironment({
      ...allGood,
      auth: { authFile: '/h/.codex/auth.json', authFileExists: false, apiKeyVariables: [] },
    });
    const report = formatCheckReport(items);
    expect(report).toContain(
      '  ✘ Codex credentials: not logged in: no /h/.codex/auth.json, and CODEX_API_KEY is not set',
    );
    expect(report).toContain('fix: run `npx codex login`');
  });

  it('judges a custom model provider by its env_key, not by an OpenAI login', () => {
    const noLogin = { authFile: '/h/.codex/auth.json', authFileExists: false, apiKeyVariables: [] };
    const withProvider = (provider: { id: string; envKey?: string; envKeySet: boolean }) =>
      evaluateEnvironment({ ...allGood, auth: noLogin, settings: { status: 'valid', provider } })[1];
    expect(withProvider({ id: 'local', envKeySet: false })).toMatchObject({
      status: 'ok',
      detail: 'model provider "local" needs no OpenAI login (no env_key)',
    });
    expect(withProvider({ id: 'azure', envKey: 'AZURE_KEY', envKeySet: true })).toMatchObject({ status: 'ok' });
    expect(withProvider({ id: 'azure', envKey: 'AZURE_KEY', envKeySet: false })).toMatchObject({
      status: 'fail',
      fix: 'export AZURE_KEY=<key>',
    });
  });

  it("fails on invalid settings with the loader's message", () => {
    const items = evaluateEnvironment({
      ...allGood,
      settings: {
        status: 'invalid',
        message: 'sandbox_mode "full" in .codex/config.toml:4 is not one of read-only, workspace-write',
      },
    });
    expect(formatCheckReport(items)).toContain(
      '  ✘ Codex settings: sandbox_mode "full" in .codex/config.toml:4 is not one of read-only, workspace-write',
    );
  });

  it('only warns when the settings could not be checked', () => {
    const items = evaluateEnvironment({
      ...allGood,
      settings: { status: 'not-checked', reason: '@nx-codex/core not installed', fix: 'npm install -D @nx-codex/core' },
    });
    expect(hasFailures(items)).toBe(false);
    expect(formatCheckReport(items)).toContain(
      '  ! Codex settings: not checked: @nx-codex/core not installed\n      fix: npm install -D @nx-codex/core',
    );
  });
});
