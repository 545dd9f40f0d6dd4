import { chooseSandbox } from './sandbox';

describe('chooseSandbox', () => {
  const none = {};

  it('uses what the call asks for', () => {
    expect(
      chooseSandbox({ requested: 'read-only', userDefault: { mode: 'workspace-write' }, allowDanger: false }),
    ).toEqual({ sandbox: 'read-only' });
    expect(chooseSandbox({ configSandbox: 'workspace-write', userDefault: none, allowDanger: false })).toEqual({
      sandbox: 'workspace-write',
    });
  });

  it('falls back to the user default, then to read-only', () => {
    expect(chooseSandbox({ userDefault: { mode: 'workspace-write' }, allowDanger: false }).sandbox).toBe(
      'workspace-write',
    );
    expect(chooseSandbox({ userDefault: none, allowDanger: false }).sandbox).toBe('read-only');
  });

  it('refuses danger-full-access without the server flag, and says how to enable it', () => {
    expect(() => chooseSandbox({ requested: 'danger-full-access', userDefault: none, allowDanger: false })).toThrow(
      /sandbox "danger-full-access" was refused.*--allow-danger-full-access/,
    );
    expect(() => chooseSandbox({ configSandbox: 'danger-full-access', userDefault: none, allowDanger: false })).toThrow(
      /config\.sandbox_mode "danger-full-access" was refused/,
    );
    expect(chooseSandbox({ requested: 'danger-full-access', userDefault: none, allowDanger: true })).toEqual({
      sandbox: 'danger-full-access',
    });
  });

  it('never takes danger-full-access from the user default, even with the flag', () => {
    for (const allowDanger of [false, true]) {
      const choice = chooseSandbox({
        userDefault: { mode: 'danger-full-access', source: '/home/u/.codex/config.toml:3' },
        allowDanger,
      });
      expect(choice.sandbox).toBe('workspace-write');
      expect(choice.notice).toMatch(/from \/home\/u\/\.codex\/config\.toml:3 is not used by default/);
    }
  });

  it('rejects two different sandboxes and a bad sandbox_mode value', () => {
    expect(() =>
      chooseSandbox({ requested: 'read-only', configSandbox: 'workspace-write', userDefault: none, allowDanger: true }),
    ).toThrow(/two sandboxes/);
    expect(() => chooseSandbox({ configSandbox: 'full', userDefault: none, allowDanger: true })).toThrow(
      /config\.sandbox_mode must be one of/,
    );
  });
});
