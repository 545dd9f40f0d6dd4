import { mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../files/write-file-atomic';
import { join } from 'node:path';

/** One file per chunk key under `<dir>/chunks/`; written to a temporary name and renamed, so a reader never sees half an entry. */
export class LocalChunkStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, 'chunks', `${key}.json`);
  }

  read(key: string): string | undefined {
    try {
      return readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  write(key: string, text: string): void {
    const file = this.file(key);
    mkdirSync(join(this.dir, 'chunks'), { recursive: true });
    writeFileAtomic(file, text);
  }
}
