/**
 * Runs one statement for many concurrent callers: keys added in the same tick go together, and while
 * `inFlight` statements are running new keys wait and go together into the next one (at most `maxBatch`
 * keys each). Batches so grow with the load, and a quiet caller waits for one statement only. `run`
 * answers one value per key, in order; if it throws, every caller of that batch gets the error.
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
      for (const b of batch) b.reject(err);
    } finally {
      this.running -= 1;
      this.schedule();
    }
  }
}
