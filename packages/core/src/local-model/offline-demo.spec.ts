import { OFFLINE_MODEL_ENV, offlineDemoModel } from './offline-demo';

describe('offlineDemoModel', () => {
  it('is nothing for a run without the offline configuration, whatever the environment', () => {
    expect(
      offlineDemoModel(undefined, { [OFFLINE_MODEL_ENV]: 'http://127.0.0.1:1/v1', CODEX_HOME: '/h' }),
    ).toBeUndefined();
    expect(offlineDemoModel(false, {})).toBeUndefined();
  });

  it('gives the URL of the model the repository started for this run (its URL and CODEX_HOME set)', () => {
    expect(offlineDemoModel(true, { [OFFLINE_MODEL_ENV]: 'http://127.0.0.1:1/v1', CODEX_HOME: '/h' })).toEqual({
      url: 'http://127.0.0.1:1/v1',
    });
  });

  it("stops an offline run when no model was started, so nothing reaches the user's provider", () => {
    for (const env of [{}, { CODEX_HOME: '/home/me/.codex' }, { [OFFLINE_MODEL_ENV]: 'http://127.0.0.1:1/v1' }]) {
      expect(offlineDemoModel(true, env)).toEqual({
        problem: expect.stringContaining('none was started here, so nothing was sent to any model'),
      });
    }
  });
});
