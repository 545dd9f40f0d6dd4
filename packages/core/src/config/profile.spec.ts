import { loadSettings } from './load-settings';
import { configFixture, type ConfigFixture, errorOf } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => (fx = configFixture()));
afterEach(() => fx.cleanup());

const load = (profile?: string, options?: Record<string, unknown>) =>
  loadSettings({ workspaceRoot: fx.workspace, codexHome: fx.home, env: {}, profile, options });

describe('profiles (-p NAME = $CODEX_HOME/NAME.config.toml)', () => {
  it('layers the profile file over the user config, under the workspace and options', () => {
    fx.write('home/config.toml', 'model = "gpt-5.5"\nmodel_reasoning_effort = "low"\nsandbox_mode = "read-only"\n');
    const fast = fx.write(
      'home/fast.config.toml',
      '# fast\nmodel = "gpt-5.4-mini"\nsandbox_mode = "workspace-write"\n',
    );
    const workspace = fx.write('ws/.codex/config.toml', 'sandbox_mode = "read-only"\n');
    const { settings, files } = load('fast');
    expect(settings.model).toEqual({ value: 'gpt-5.4-mini', source: { kind: 'profile', file: fast, line: 2 } });
    expect(settings.model_reasoning_effort?.source.kind).toBe('user');
    expect(settings.sandbox_mode).toEqual({
      value: 'read-only',
      source: { kind: 'workspace', file: workspace, line: 1 },
    });
    expect(settings.profile).toEqual({ value: 'fast', source: { kind: 'option' } });
    expect(files.map((file) => file.kind)).toEqual(['user', 'profile', 'workspace']);
    expect(load('fast', { model: 'o3' }).settings.model).toEqual({ value: 'o3', source: { kind: 'option' } });
  });

  it('takes the profile from options.profile too (the executor option)', () => {
    fx.write('home/deep.config.toml', 'model_reasoning_effort = "xhigh"\n');
    const { settings } = load(undefined, { profile: 'deep' });
    expect(settings.profile?.value).toBe('deep');
    expect(settings.model_reasoning_effort?.value).toBe('xhigh');
    expect(settings.raw['profile']).toBeUndefined();
  });

  it('fails on a missing profile file, naming the path and the profiles that exist', () => {
    fx.write('home/fast.config.toml', 'model = "o3"\n');
    fx.write('home/deep.config.toml', 'model = "o3"\n');
    const error = errorOf(() => load('fats'));
    expect(error.file).toBe(`${fx.home}/fats.config.toml`);
    expect(error.message).toContain(`${fx.home}/fats.config.toml does not exist`);
    expect(error.message).toContain('Profiles that exist: deep, fast.');
    expect(errorOf(() => load('x')).message).toContain('Profiles that exist: deep, fast.');
  });

  it('rejects a profile name that is not a plain name, as codex does', () => {
    expect(errorOf(() => load('../evil')).message).toContain('Invalid profile name "../evil"');
    expect(errorOf(() => load('a.b')).message).toContain('plain name');
  });

  it('reports a top-level `profile = "x"` in config.toml as the error Codex 0.169 makes of it, with file:line and the fix', () => {
    const user = fx.write('home/config.toml', 'model = "gpt-5.5"\n\nprofile = "fast"\n');
    const error = errorOf(() => load());
    expect(error.file).toBe(user);
    expect(error.line).toBe(3);
    expect(error.message).toContain(`${user}:3: \`profile = "fast"\` is no longer supported`);
    expect(error.message).toContain('`codex -p fast`');
    expect(error.message).toContain('"profile": "fast"');
    expect(error.message).toContain(`${fx.home}/fast.config.toml`);
    // Selecting a profile does not make the legacy selector acceptable (Codex fails with or without -p).
    fx.write('home/fast.config.toml', 'model = "o3"\n');
    expect(errorOf(() => load('fast')).line).toBe(3);
  });

  it('reports `profile = "x"` inside a profile file too', () => {
    fx.write('home/fast.config.toml', 'model = "o3"\nprofile = "other"\n');
    const error = errorOf(() => load('fast'));
    expect(error.file).toBe(`${fx.home}/fast.config.toml`);
    expect(error.line).toBe(2);
  });

  it('refuses -p NAME while config.toml still has [profiles.NAME], and only warns about other [profiles] tables', () => {
    const user = fx.write('home/config.toml', 'model = "gpt-5.5"\n[profiles.fast]\nmodel = "o3"\n');
    fx.write('home/fast.config.toml', 'model = "o3"\n');
    const error = errorOf(() => load('fast'));
    expect(error.message).toContain(
      `${user}:2: profile \`fast\` cannot be used while this file has a legacy \`[profiles.fast]\` table`,
    );
    expect(error.message).toContain(`Move those settings into ${fx.home}/fast.config.toml`);

    const { settings, warnings } = load();
    expect(settings.model?.value).toBe('gpt-5.5');
    expect(settings.raw['profiles']).toBeUndefined();
    expect(warnings).toEqual([
      expect.objectContaining({
        file: user,
        line: 2,
        message: expect.stringContaining('`[profiles.fast]` is ignored by Codex 0.169'),
      }),
    ]);
  });

  it('ignores `profile` in the workspace config with a warning, as Codex does for project config', () => {
    const workspace = fx.write('ws/.codex/config.toml', 'model = "o3"\nprofile = "fast"\n');
    const { settings, warnings } = load();
    expect(settings.model?.value).toBe('o3');
    expect(settings.profile).toBeUndefined();
    expect(warnings).toEqual([
      expect.objectContaining({
        file: workspace,
        line: 2,
        message: expect.stringContaining("`profile` is ignored in a project's .codex/config.toml"),
      }),
    ]);
  });
});
