/**
 * Runs one statement for many concurrent callers: keys added in the same tick go together, and while
 * `inFlight` statements are running new keys wait and go together into the next one (at most `maxBatch`
 * keys each). Batches so grow with the load, and a quiet caller waits for one statement only. `run`
 * answers one value per key, in order. A statement fails as a whole, so when a shared one throws, each of
 * its keys runs again alone: a key that cannot be written fails its own caller, never its neighbours'.
 */
export class StatementBatcher<K, V> {
  private pending: { key: K; resolve: (value: V) => void; reject: (err: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly options: { inFlight: number; maxBatch: number },
  ) {}

  add(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.inFlight || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runBatch();
    });
  }

  private async runBatch(): Promise<void> {
    const batch = this.pending.splice(0, this.options.maxBatch);
    this.running += 1;
    this.schedule();
    try {
      const values = await this.run(batch.map((b) => b.key));
      batch.forEach((b, i) => b.resolve(values[i]));
    } catch (err) {
      if (batch.length === 1) batch[0].reject(err);
      else for (const b of batch) await this.runAlone(b);
    } finally {
      this.running -= 1;
      this.schedule();
    }
  }

  private async runAlone(entry: { key: K; resolve: (value: V) => void; reject: (err: unknown) => void }) {
    try {
      const [value] = await this.run([entry.key]);
      entry.resolve(value);
    } catch (err) {
      entry.reject(err);
    }
  }
}
