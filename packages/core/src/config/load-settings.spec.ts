import path from 'node:path';
import { loadSettings } from './load-settings';
import { configFixture, type ConfigFixture } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => (fx = configFixture()));
afterEach(() => fx.cleanup());

const load = (extra: Partial<Parameters<typeof loadSettings>[0]> = {}) =>
  loadSettings({ workspaceRoot: fx.workspace, codexHome: fx.home, env: {}, ...extra });

describe('loadSettings: merge order and provenance (with the trust option, so every key passes)', () => {
  it('takes options over workspace over user over defaults, and says where each value came from', () => {
    const user = fx.write(
      'home/config.toml',
      [
        'model = "gpt-5.5"',
        'model_reasoning_effort = "high"',
        'sandbox_mode = "workspace-write"',
        'approval_policy = "on-request"',
        '',
        '[features]',
        'plugins = false',
      ].join('\n'),
    );
    const workspace = fx.write(
      'ws/.codex/config.toml',
      [
        '# team settings',
        'sandbox_mode = "read-only"',
        'model_reasoning_effort = "low"',
        '[features]',
        'shell_snapshot = false',
      ].join('\n'),
    );
    const { settings, warnings, files } = load({
      options: { model_reasoning_effort: 'medium', model: undefined, 'features.x_option': true },
      trustRepositoryConfig: true,
    });

    expect(warnings).toEqual([]);
    expect(settings.model).toEqual({ value: 'gpt-5.5', source: { kind: 'user', file: user, line: 1 } });
    expect(settings.sandbox_mode).toEqual({
      value: 'read-only',
      source: { kind: 'workspace', file: workspace, line: 2 },
    });
    expect(settings.model_reasoning_effort).toEqual({ value: 'medium', source: { kind: 'option' } });
    expect(settings.approval_policy).toEqual({ value: 'on-request', source: { kind: 'user', file: user, line: 4 } });
    expect(settings.model_provider).toEqual({ value: 'openai', source: { kind: 'default' } });
    expect(settings.base_url).toEqual({ value: 'https://api.openai.com/v1', source: { kind: 'default' } });
    expect(settings.profile).toBeUndefined();
    // Tables merge key by key; each leaf keeps its own origin.
    expect(settings.raw['features']).toEqual({ plugins: false, shell_snapshot: false, x_option: true });
    expect(settings.origins['features.plugins']).toEqual({ kind: 'user', file: user, line: 7 });
    expect(settings.origins['features.shell_snapshot']).toEqual({ kind: 'workspace', file: workspace, line: 5 });
    expect(settings.origins['features.x_option']).toEqual({ kind: 'option' });
    expect(files).toEqual([
      { kind: 'user', path: user, exists: true },
      { kind: 'workspace', path: workspace, exists: true },
    ]);
  });

  it('resolves a custom provider and its base_url with the line it is on', () => {
    const user = fx.write(
      'home/config.toml',
      [
        'model_provider = "local"',
        '',
        '[model_providers.local]',
        'name = "local"',
        'base_url = "http://127.0.0.1:4000/v1"',
        'wire_api = "responses"',
      ].join('\n'),
    );
    const { settings } = load();
    expect(settings.model_provider).toEqual({ value: 'local', source: { kind: 'user', file: user, line: 1 } });
    expect(settings.base_url).toEqual({
      value: 'http://127.0.0.1:4000/v1',
      source: { kind: 'user', file: user, line: 5 },
    });
  });

  it('uses openai_base_url for the built-in openai provider, and built-in URLs for ollama', () => {
    const user = fx.write('home/config.toml', 'openai_base_url = "https://proxy.example/v1"\n');
    expect(load().settings.base_url).toEqual({
      value: 'https://proxy.example/v1',
      source: { kind: 'user', file: user, line: 1 },
    });
    expect(load({ options: { model_provider: 'ollama' }, trustRepositoryConfig: true }).settings.base_url).toEqual({
      value: 'http://localhost:11434/v1',
      source: { kind: 'default' },
    });
  });

  it('layers a project .codex/config.toml over the workspace one', () => {
    fx.write('ws/.codex/config.toml', 'model = "gpt-5.5"\nsandbox_mode = "read-only"\n');
    const project = fx.write('ws/libs/a/.codex/config.toml', '\nmodel = "gpt-5.4"\n');
    const { settings, files } = load({ projectRoot: path.join(fx.workspace, 'libs/a') });
    expect(settings.model).toEqual({ value: 'gpt-5.4', source: { kind: 'workspace', file: project, line: 2 } });
    expect(settings.sandbox_mode?.value).toBe('read-only');
    expect(files.map((file) => file.path)).toContain(project);
  });

  it('expands dotted option keys into tables that merge with the files', () => {
    fx.write('home/config.toml', '[model_providers.local]\nname = "local"\nbase_url = "http://127.0.0.1:1/v1"\n');
    const { settings } = load({
      options: { model_provider: 'local', 'model_providers.local.base_url': 'http://127.0.0.1:2/v1' },
      trustRepositoryConfig: true,
    });
    expect(settings.base_url).toEqual({ value: 'http://127.0.0.1:2/v1', source: { kind: 'option' } });
    expect(settings.raw['model_providers']).toEqual({ local: { name: 'local', base_url: 'http://127.0.0.1:2/v1' } });
  });
});

describe('loadSettings: missing files', () => {
  it('gives defaults when CODEX_HOME does not exist and there is no workspace config', () => {
    const home = path.join(fx.root, 'no-such-home');
    const { settings, warnings, files } = loadSettings({ workspaceRoot: fx.workspace, env: { CODEX_HOME: home } });
    expect(settings.model).toBeUndefined();
    expect(settings.model_provider.source.kind).toBe('default');
    expect(files).toEqual([
      { kind: 'user', path: path.join(home, 'config.toml'), exists: false },
      { kind: 'workspace', path: path.join(fx.workspace, '.codex', 'config.toml'), exists: false },
    ]);
    // Codex itself refuses a CODEX_HOME that does not exist: say so, without failing.
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain(`CODEX_HOME points to ${home}, which does not exist`);
  });

  it('defaults CODEX_HOME to ~/.codex from HOME, and is quiet when that is missing', () => {
    const { files, warnings, codexHome } = loadSettings({ workspaceRoot: fx.workspace, env: { HOME: fx.root } });
    expect(files[0]).toEqual({ kind: 'user', path: path.join(fx.root, '.codex', 'config.toml'), exists: false });
    expect(warnings).toEqual([]);
    expect(codexHome).toBe(path.join(fx.root, '.codex'));
  });

  it('reads CODEX_HOME from env when no codexHome is given', () => {
    fx.write('home/config.toml', 'model = "o3"\n');
    const loaded = loadSettings({ workspaceRoot: fx.workspace, env: { CODEX_HOME: fx.home } });
    expect(loaded.settings.model?.value).toBe('o3');
    // Resolved once, here: whoever runs codex with these settings uses this folder.
    expect(loaded.codexHome).toBe(fx.home);
  });
});
