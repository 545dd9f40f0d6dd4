import { loadSettings } from './load-settings';
import { codexConfigOverrides, optionsToCodexOverrides, settingsToCodexArgs } from './overrides';
import { configFixture, type ConfigFixture } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => (fx = configFixture()));
afterEach(() => fx.cleanup());

describe('optionsToCodexOverrides', () => {
  it('serialises options as TOML `key=value`, one per top-level key, tables inline', () => {
    expect(
      optionsToCodexOverrides({
        model: 'gpt-5.5',
        model_reasoning_effort: undefined,
        'features.plugins': false,
        'features.shell_snapshot': false,
        project_doc_fallback_filenames: ['AGENTS.md', 'CLAUDE.md'],
        model_context_window: 200000,
        instructions: 'say "hi"\nand stop',
        profile: 'fast',
      }),
    ).toEqual([
      'model="gpt-5.5"',
      'features={plugins = false, shell_snapshot = false}',
      'project_doc_fallback_filenames=["AGENTS.md", "CLAUDE.md"]',
      'model_context_window=200000',
      'instructions="say \\"hi\\"\\nand stop"',
    ]);
  });
});

describe('codexConfigOverrides / settingsToCodexArgs', () => {
  it('passes on what Codex would not read by itself (workspace and options), with -p for the profile (trusted)', () => {
    fx.write('home/config.toml', 'model = "gpt-5.5"\n[features]\nplugins = false\n');
    fx.write('home/fast.config.toml', 'model_reasoning_effort = "low"\n');
    fx.write(
      'ws/.codex/config.toml',
      'sandbox_mode = "read-only"\n[features]\nshell_snapshot = false\n[projects."/x y"]\ntrust_level = "trusted"\n',
    );
    const { settings } = loadSettings({
      workspaceRoot: fx.workspace,
      codexHome: fx.home,
      env: {},
      profile: 'fast',
      options: { model: 'o3' },
      trustRepositoryConfig: true,
    });
    expect(codexConfigOverrides(settings)).toEqual({
      sandbox_mode: 'read-only',
      features: { shell_snapshot: false },
      projects: { '/x y': { trust_level: 'trusted' } },
      model: 'o3',
    });
    expect(settingsToCodexArgs(settings)).toEqual([
      '-p',
      'fast',
      '-c',
      'sandbox_mode="read-only"',
      '-c',
      'features={shell_snapshot = false}',
      '-c',
      'projects={"/x y" = {trust_level = "trusted"}}',
      '-c',
      'model="o3"',
    ]);
  });
});
