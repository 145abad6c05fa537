import {
  canonicalJson,
  chainHash,
  ChainedEventBody,
  chainPrefix,
  GENESIS_HASH,
  StoredChainEvent,
  verifyChainSegment,
} from './hash-chain';

function body(seq: number, overrides: Partial<ChainedEventBody> = {}): ChainedEventBody {
  return {
    organisationId: '11111111-1111-4111-8111-111111111111',
    seq,
    action: 'risk.created',
    entityType: 'Risk',
    entityId: `r${seq}`,
    actorType: 'USER',
    actorId: '22222222-2222-4222-8222-222222222222',
    requestId: 'req-1',
    occurredAt: '2026-11-22T10:00:00.000Z',
    changes: { title: { from: null, to: `Risk ${seq}` } },
    ...overrides,
  };
}

function chain(n: number): StoredChainEvent[] {
  const out: StoredChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const b = body(seq);
    const hash = chainHash(prev, b);
    out.push({ ...b, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: [3, { b: true, a: null }] } }, '{"z":{"y":[3,{"a":null,"b":true}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[1, 'two', null], '[1,"two",null]'],
    [new Date('2026-01-02T03:04:05.006Z'), '"2026-01-02T03:04:05.006Z"'],
    ['é"\n', '"é\\"\\n"'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });
});

describe('chainHash', () => {
  it('is sha256 over the previous hash and the canonical body, hex', () => {
    const { createHash } = jest.requireActual('node:crypto') as typeof import('node:crypto');
    const b = body(1);
    expect(chainHash(GENESIS_HASH, b)).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + canonicalJson(b))
        .digest('hex'),
    );
    expect(chainHash(GENESIS_HASH, b)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any covered field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, body(1));
    for (const change of [
      { action: 'x' },
      { entityId: 'other' },
      { actorId: null },
      { occurredAt: '2026-11-22T10:00:00.001Z' },
      { changes: {} },
    ]) {
      expect(chainHash(GENESIS_HASH, body(1, change))).not.toBe(base);
    }
    expect(chainHash('f'.repeat(64), body(1))).not.toBe(base);
  });
});

describe('chainPrefix', () => {
  it.each([
    ['a plain event', body(7)],
    [
      'text beyond ASCII and nested changes',
      body(12, { changes: { title: { from: 'é’😀', to: { b: [1, null], a: 'x' } } } }),
    ],
    ['null actor and request', body(1_000_000, { actorId: null, requestId: null, entityId: null })],
  ])('with the sequence number and a closing brace hashes like chainHash: %s', (_label, b) => {
    const { createHash } = jest.requireActual('node:crypto') as typeof import('node:crypto');
    const { seq, ...rest } = b;
    const prev = 'a'.repeat(64);
    expect(
      createHash('sha256')
        .update(`${prev}${chainPrefix(rest)}${seq}}`)
        .digest('hex'),
    ).toBe(chainHash(prev, b));
  });
});

describe('verifyChainSegment', () => {
  it('accepts an intact chain', () => {
    expect(verifyChainSegment(chain(5), GENESIS_HASH, 1)).toEqual({
      firstBrokenSeq: null,
      lastHash: chain(5)[4].hash,
      nextSeq: 6,
    });
  });

  it.each([
    ['an edited payload', (c: StoredChainEvent[]) => (c[2].changes = { forged: true }), 3],
    [
      'a recomputed hash without relinking',
      (c: StoredChainEvent[]) => (c[1].hash = chainHash(c[1].prevHash, { ...c[1], action: 'x' })),
      2,
    ],
    ['a deleted event', (c: StoredChainEvent[]) => c.splice(3, 1), 4],
    ['a reordered pair', (c: StoredChainEvent[]) => ([c[0], c[1]] = [c[1], c[0]]), 1],
    ['a broken link', (c: StoredChainEvent[]) => (c[4].prevHash = GENESIS_HASH), 5],
  ])('names the first broken sequence number after %s', (_label, tamper, broken) => {
    const c = chain(6);
    tamper(c);
    expect(verifyChainSegment(c, GENESIS_HASH, 1).firstBrokenSeq).toBe(broken);
  });

  it('continues across pages', () => {
    const c = chain(6);
    const first = verifyChainSegment(c.slice(0, 3), GENESIS_HASH, 1);
    expect(verifyChainSegment(c.slice(3), first.lastHash, first.nextSeq).firstBrokenSeq).toBeNull();
  });
});
