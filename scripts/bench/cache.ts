/**
 * On-disk cache of per-photo benchmark analyses, keyed by the photo and a hash of the worker's source, so
 * re-running a benchmark after an unrelated change costs no model work, and any pipeline change
 * invalidates it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, recursively, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * What makes the model weights the app serves: the model-asset step, and the converter that writes the second
 * recognizer's weights (a change there changes encodings without touching the worker's code).
 */
const MODEL_ASSET_SOURCES = ['scripts/model-assets.ts', 'scripts/onnx-to-tfjs.ts'];

/** The worker code (models included), the model assets' sources, the benchmark's worker and page, and the worker protocol. */
export function pipelineHash(dirs: readonly string[] = ['src/ml/worker', 'src/bench']): string {
  const h = createHash('sha256');
  for (const f of dirs.flatMap(filesUnder)) h.update(f).update(readFileSync(f));
  for (const f of MODEL_ASSET_SOURCES) h.update(f).update(readFileSync(f));
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
