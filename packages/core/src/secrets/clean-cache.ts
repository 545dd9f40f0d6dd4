/**
 * Texts the secret scan found clean before, so that a review of a mostly unchanged project scans
 * (and loads the detector for) only what changed: the detector costs ~40-60 ms to load and ~40 ms
 * per MB to run, most of a large review's own time. Only clean verdicts are remembered, each by a
 * hash of the detector's fingerprint (versions, our rules' hash, rules off, allowed paths),
 * @nx-codex/core's version (a release may change how texts are scanned), the path and the
 * content: a text with a hit is scanned again every time, and any change to the text or the
 * detector scans it again. One file per project, rewritten whole after each review with that
 * review's clean texts only, in the workspace's data folder (where the chunk store keeps answers).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/write-file-atomic';
import { toolVersion } from '../reports/tool-info';
import { secretDetectorFingerprint, type SecretScanOptions } from './options';
import { scanForSecrets, type ScannedText, type SecretScan } from './scan-secrets';

const FORMAT = 1;

export class CleanScanCache {
  private readonly known: Set<string>;
  private readonly clean = new Set<string>();
  private readonly fingerprint: string;
  private readonly file: string;

  /** `storeDir`: the workspace's codex-review data folder; `key`: what the cache belongs to (the project root). */
  constructor(
    storeDir: string,
    key: string,
    private readonly options: SecretScanOptions,
  ) {
    this.file = join(storeDir, 'secret-scan', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
    this.fingerprint = `${secretDetectorFingerprint(options)} core@${toolVersion()}`;
    this.known = new Set(readKeys(this.file));
  }

  /** scanForSecrets, without scanning texts found clean before; the result is the same. */
  async scan<T extends ScannedText>(texts: T[]): Promise<SecretScan<T>> {
    const keys = texts.map((text) => this.keyOf(text));
    const pending = texts.filter((_, index) => !this.known.has(keys[index]));
    // Nothing new: the detector is not even loaded.
    const scan: SecretScan<T> = pending.length
      ? await scanForSecrets(pending, this.options)
      : { files: [], hits: [], scannedChars: 0, ms: 0 };
    const withHits = new Set(scan.hits.map((hit) => hit.file));
    const results = new Map(pending.map((text, index) => [text, scan.files[index]]));
    texts.forEach((text, index) => {
      if (this.known.has(keys[index]) || !withHits.has(text.path)) this.clean.add(keys[index]);
    });
    return { ...scan, files: texts.map((text) => results.get(text) ?? text) };
  }

  /** Keeps this review's clean texts for the next one. Best effort: a failure only costs a scan. */
  save(): void {
    try {
      writeFileAtomic(this.file, JSON.stringify({ format: FORMAT, clean: [...this.clean].sort() }), { mkdir: true });
    } catch {
      // read-only or full disk: the next review scans everything again
    }
  }

  private keyOf(text: ScannedText): string {
    return createHash('sha256').update(`${this.fingerprint}\0${text.path}\0`).update(text.content).digest('hex');
  }
}

function readKeys(file: string): string[] {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; clean?: unknown };
    return stored.format === FORMAT && Array.isArray(stored.clean)
      ? stored.clean.filter((key): key is string => typeof key === 'string')
      : [];
  } catch {
    return [];
  }
}
