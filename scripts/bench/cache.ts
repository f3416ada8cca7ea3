/**
 * On-disk cache of per-photo benchmark analyses, keyed by the photo and a hash of the worker's source, so
 * re-running a benchmark after an unrelated change costs no model work, and any pipeline change
 * invalidates it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function pipelineHash(workerDir = 'src/ml/worker'): string {
  const h = createHash('sha256');
  for (const f of readdirSync(workerDir).sort()) h.update(f).update(readFileSync(join(workerDir, f)));
  h.update(readFileSync('src/ml/protocol.ts'));
  return h.digest('hex').slice(0, 12);
}

export class JsonCache<T> {
  private readonly file: string;
  private readonly entries: Record<string, T>;
  private dirty = 0;

  constructor(dir: string, name: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${name}.json`);
    this.entries = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, T>) : {};
  }

  get(key: string): T | undefined {
    return this.entries[key];
  }

  set(key: string, value: T): void {
    this.entries[key] = value;
    if (++this.dirty >= 200) this.flush();
  }

  flush(): void {
    writeFileSync(this.file, JSON.stringify(this.entries));
    this.dirty = 0;
  }
}
