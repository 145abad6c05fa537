/**
 * Runs one statement for many concurrent callers: keys added in the same tick, and while a statement is in
 * flight, go together into the next one (at most `maxBatch` keys each). One statement runs at a time, so
 * batches grow with the load and a quiet caller waits for one statement only. `run` answers one value per
 * key, in order; if it throws, every caller of that batch gets the error.
 */
export class StatementBatcher<K, V> {
  private pending: { key: K; resolve: (value: V) => void; reject: (err: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 500,
  ) {}

  add(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const values = await this.run(batch.map((b) => b.key));
        batch.forEach((b, i) => b.resolve(values[i]));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.running = false;
  }
}
