import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as testing from '@nx-codex/testing';
import { OFFLINE_MODEL_ENV, offlineDemoModel } from './offline-demo';

const DEMO_URL = 'http://127.0.0.1:1/v1';
let temp: { dir: string; cleanup(): void };
let demoHome: string;
let run: { workspaceRoot: string; options: object };

/** A CODEX_HOME whose config.toml chooses a provider at `baseUrl`, as a user's own would. */
function homeWithProvider(name: string, baseUrl: string): string {
  const home = join(temp.dir, name);
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'config.toml'),
    `model_provider = "corp"\n\n[model_providers.corp]\nname = "corp"\nbase_url = ${JSON.stringify(baseUrl)}\nwire_api = "responses"\n`,
  );
  return home;
}

beforeAll(() => {
  temp = testing.makeTempDir('nx-codex-offline-demo-');
  mkdirSync(join(temp.dir, 'workspace'));
  run = { workspaceRoot: join(temp.dir, 'workspace'), options: {} };
  // What tools/offline-demo writes: the scripted model as the provider.
  demoHome = homeWithProvider('demo', DEMO_URL);
});
afterAll(() => temp?.cleanup());

describe('offlineDemoModel', () => {
  it('is nothing for a run without the offline configuration, whatever the environment', () => {
    expect(offlineDemoModel(undefined, { [OFFLINE_MODEL_ENV]: DEMO_URL, CODEX_HOME: demoHome }, run)).toBeUndefined();
    expect(offlineDemoModel(false, {}, run)).toBeUndefined();
  });

  it('gives the URL of the model the repository started for this run (its URL and a CODEX_HOME choosing it)', () => {
    expect(offlineDemoModel(true, { [OFFLINE_MODEL_ENV]: DEMO_URL, CODEX_HOME: demoHome }, run)).toEqual({
      url: DEMO_URL,
    });
  });

  it("stops an offline run when no model was started, so nothing reaches the user's provider", () => {
    for (const env of [{}, { CODEX_HOME: '/home/me/.codex' }, { [OFFLINE_MODEL_ENV]: DEMO_URL }]) {
      expect(offlineDemoModel(true, env, run)).toEqual({
        problem: expect.stringContaining('none was started here, so nothing was sent to any model'),
      });
    }
  });

  it("stops when the settings send Codex elsewhere: the user's own CODEX_HOME with the variable from a .env", () => {
    const cases = [
      {
        home: homeWithProvider('corp', 'https://llm.example.com/v1'),
        url: DEMO_URL,
        sent: '"https://llm.example.com/v1"',
      },
      // The model answering at a loopback URL that is not the provider's.
      { home: homeWithProvider('other-port', 'http://127.0.0.1:2/v1'), url: DEMO_URL, sent: '"http://127.0.0.1:2/v1"' },
      // Both agree, but not on this machine.
      {
        home: homeWithProvider('remote', 'http://10.0.0.5/v1'),
        url: 'http://10.0.0.5/v1',
        sent: '"http://10.0.0.5/v1"',
      },
    ];
    for (const { home, url, sent } of cases) {
      const outcome = offlineDemoModel(true, { [OFFLINE_MODEL_ENV]: url, CODEX_HOME: home }, run);
      expect(outcome).toEqual({ problem: expect.stringContaining(`send Codex to ${sent}`) });
      expect(outcome).toEqual({ problem: expect.stringContaining('so nothing was sent to any model') });
    }
    // A CODEX_HOME without config.toml: Codex's default provider.
    const empty = join(temp.dir, 'empty');
    mkdirSync(empty);
    expect(offlineDemoModel(true, { [OFFLINE_MODEL_ENV]: DEMO_URL, CODEX_HOME: empty }, run)).toEqual({
      problem: expect.stringMatching(/send Codex to "https:\/\/api\.openai\.com\/v1"|send Codex to Codex's default/),
    });
  });

  it('reads the settings as the run does: a profile that chooses another provider stops it too', () => {
    const home = homeWithProvider('profiled', DEMO_URL);
    writeFileSync(
      join(home, 'work.config.toml'),
      'model_provider = "work"\n\n[model_providers.work]\nname = "work"\nbase_url = "https://llm.example.com/v1"\nwire_api = "responses"\n',
    );
    const env = { [OFFLINE_MODEL_ENV]: DEMO_URL, CODEX_HOME: home };
    expect(offlineDemoModel(true, env, run)).toEqual({ url: DEMO_URL });
    expect(offlineDemoModel(true, env, { ...run, options: { profile: 'work' } })).toEqual({
      problem: expect.stringContaining('send Codex to "https://llm.example.com/v1"'),
    });
  });
});
