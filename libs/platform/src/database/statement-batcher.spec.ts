import { StatementBatcher } from './statement-batcher';

describe('StatementBatcher', () => {
  it('runs keys added together as one statement and answers each caller in order', async () => {
    const statements: number[][] = [];
    const batcher = new StatementBatcher<number, number>(
      async (keys) => {
        statements.push(keys);
        return keys.map((k) => k * 10);
      },
      { inFlight: 1, maxBatch: 100 },
    );
    expect(await Promise.all([1, 2, 3].map((k) => batcher.add(k)))).toEqual([10, 20, 30]);
    expect(statements).toEqual([[1, 2, 3]]);
  });

  it('fails only the key that cannot be written when a shared statement fails', async () => {
    const statements: number[][] = [];
    const batcher = new StatementBatcher<number, number>(
      async (keys) => {
        statements.push(keys);
        if (keys.includes(2)) throw new Error('bad row 2');
        return keys.map((k) => k * 10);
      },
      { inFlight: 1, maxBatch: 100 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((k) => batcher.add(k)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('bad row 2') },
      { status: 'fulfilled', value: 30 },
    ]);
    expect(statements).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
