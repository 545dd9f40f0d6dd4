import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { toolVersion } from '../reports/tool-info';
import { CleanScanCache } from './clean-cache';
import { EXTRA_PATTERNS } from './extra-rules';
import { RULE_OPTIONS } from './rule-options';
import { scanForSecrets } from './scan-secrets';

// The real detector, watched: which texts reach it.
jest.mock('./scan-secrets', () => {
  const actual = jest.requireActual('./scan-secrets');
  return { ...actual, scanForSecrets: jest.fn(actual.scanForSecrets) };
});
// core's version, as a release would change it.
jest.mock('../reports/tool-info', () => {
  const actual = jest.requireActual('../reports/tool-info');
  return { ...actual, toolVersion: jest.fn(actual.toolVersion) };
});
const scanned = scanForSecrets as jest.MockedFunction<typeof scanForSecrets>;
const scannedPaths = () => scanned.mock.calls.flatMap(([texts]) => texts.map((text) => text.path));

// Planted values are assembled at run time so this file itself holds no detectable token.
const GITHUB = ['ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('');
const clean = { path: 'libs/a/src/clean.ts', content: 'export const a = 1;\n' };
const secret = { path: 'libs/a/src/keys.ts', content: `export const gh = "${GITHUB}";\n` };

let store: string;
beforeEach(() => {
  store = mkdtempSync(joinPath(tmpdir(), 'nx-codex-clean-cache-'));
  scanned.mockClear();
});
afterEach(() => rmSync(store, { recursive: true, force: true }));

/** One review: a fresh cache over the same store, scan, save. */
async function review(texts: Array<{ path: string; content: string }>, options = {}) {
  const cache = new CleanScanCache(store, 'libs/a', options);
  const scan = await cache.scan(texts);
  cache.save();
  return scan;
}

describe('CleanScanCache', () => {
  it('scans again only what was not found clean before, with the same result as a full scan', async () => {
    const first = await review([clean, secret]);
    expect(scannedPaths()).toEqual([clean.path, secret.path]);
    scanned.mockClear();

    const second = await review([clean, secret]);
    // The file with a secret is scanned every time; the clean one is not.
    expect(scannedPaths()).toEqual([secret.path]);
    expect(second.files).toEqual(first.files);
    expect(second.hits).toEqual(first.hits);
    expect(second.files[1].content).toContain('[REDACTED:github-token]');
    expect(second.files[1].content).not.toContain(GITHUB);
  });

  it('does not load the detector when every text was found clean before', async () => {
    await review([clean]);
    scanned.mockClear();
    const again = await review([clean]);
    expect(scanned).not.toHaveBeenCalled();
    expect(again).toMatchObject({ files: [clean], hits: [] });
  });

  it('scans a text again when its content, its path or the detector options change', async () => {
    await review([clean]);
    scanned.mockClear();
    const planted = { ...clean, content: `${clean.content}const gh = "${GITHUB}";\n` };
    const changed = await review([planted]);
    expect(scannedPaths()).toEqual([clean.path]);
    expect(changed.hits).toHaveLength(1);

    for (const next of [
      () => review([{ ...clean, path: 'libs/a/src/moved.ts' }]),
      () => review([clean], { disableSecretRules: ['github-token'] }),
    ]) {
      await review([clean]);
      scanned.mockClear();
      await next();
      expect(scanned).toHaveBeenCalledTimes(1);
    }
  });

  it('scans again after a release that changes an extra pattern, a rule option or core, with no version bump', async () => {
    const AWS = '@secretlint/secretlint-rule-aws';
    const changes: Array<() => () => void> = [
      () => {
        const rule = EXTRA_PATTERNS[1];
        EXTRA_PATTERNS[1] = { ...rule, pattern: /\bsk_new_[a-zA-Z0-9]{10,99}\b/g };
        return () => void (EXTRA_PATTERNS[1] = rule);
      },
      () => {
        const aws = RULE_OPTIONS[AWS];
        RULE_OPTIONS[AWS] = { ...aws, enableIDScanRule: false };
        return () => void (RULE_OPTIONS[AWS] = aws);
      },
      () => {
        jest.mocked(toolVersion).mockReturnValueOnce('99.0.0');
        return () => undefined;
      },
    ];
    for (const change of changes) {
      await review([clean]);
      scanned.mockClear();
      const undo = change();
      try {
        await review([clean]);
      } finally {
        undo();
      }
      expect(scannedPaths()).toEqual([clean.path]);
    }
  });

  it('keeps only the last review: a text clean before but gone is scanned again when it comes back', async () => {
    await review([clean]);
    await review([secret]);
    scanned.mockClear();
    await review([clean]);
    expect(scannedPaths()).toEqual([clean.path]);
  });
});
