import { stableJson } from './stable-json';
import { toCsv } from './csv';
import { token } from './oscal-common';
import { comparePaths, safeSegment } from './pack-paths';
import { uuidV5 } from './uuid';

describe('uuidV5', () => {
  it.each([
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'http://python.org/', '4c565f0d-3f5a-5890-b41b-20cf47701c5e'],
  ])('in namespace %s, %s → %s (RFC 9562 / Python uuid5 vectors)', (ns, name, expected) => {
    expect(uuidV5(name, ns)).toBe(expected);
  });

  it('is stable and version 5 in the pack namespace', () => {
    expect(uuidV5('a')).toBe(uuidV5('a'));
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
    expect(uuidV5('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('toCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['é ünïcode', 'é ünïcode'],
  ])('writes %j as %j', (cell, field) => {
    expect(toCsv(['h'], [[cell]])).toBe(`h\r\n${field}\r\n`);
  });

  it('writes numbers, booleans and empty cells as they are', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[-2, true, null, undefined]])).toBe('a,b,c,d\r\n-2,true,,\r\n');
  });
});

describe('safeSegment', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['a\\b:c*d?e"f<g>h|i', 'a_b_c_d_e_f_g_h_i'],
    ['line\nbreak\u0000', 'line_break_'],
    ['  .hidden ', 'hidden'],
    ['...', 'fallback'],
    ['', 'fallback'],
  ])('%j → %j', (raw, safe) => {
    expect(safeSegment(raw, 'fallback')).toBe(safe);
  });

  it('keeps at most 150 UTF-8 bytes without splitting a character', () => {
    const long = safeSegment('é'.repeat(200), 'x');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(150);
    expect(long).toBe('é'.repeat(75));
  });
});

describe('comparePaths', () => {
  it('sorts by UTF-8 bytes, capitals first, like LC_ALL=C sort', () => {
    expect(['index.html', 'SHA256SUMS', 'évidence', 'evidence/b', 'evidence/a'].sort(comparePaths)).toEqual([
      'SHA256SUMS',
      'evidence/a',
      'evidence/b',
      'index.html',
      'évidence',
    ]);
  });
});

describe('OSCAL token', () => {
  it.each([
    ['urn:aims:req:iso-iec-42001-2023:A.7.4', 'urn_aims_req_iso-iec-42001-2023_A.7.4'],
    ['6.1.2', '_6.1.2'],
    ['Art. 10(2)', 'Art._10_2_'],
  ])('%j → %j', (raw, expected) => {
    expect(token(raw)).toBe(expected);
  });
});

describe('stableJson', () => {
  /** The reference: one JSON.stringify of a copy with every object's keys sorted. */
  const reference = (value: unknown) =>
    `${JSON.stringify(
      value,
      (_k, v: unknown) =>
        v === null || typeof v !== 'object' || Array.isArray(v)
          ? v
          : Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, (v as Record<string, unknown>)[k]]),
            ),
      2,
    )}\n`;

  it('writes the bytes of JSON.stringify with sorted keys, long arrays and nesting included', () => {
    const item = (i: number) => ({
      uuid: `u-${i}`,
      title: `Évidence "${i}"\n`,
      props: [{ value: i, name: 'n' }],
      empty: {},
      none: [],
      skipped: undefined,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      nested: [[i, null, undefined], { z: true, a: false }],
    });
    const document = {
      'back-matter': { resources: Array.from({ length: 150 }, (_, i) => item(i)) },
      metadata: { title: 'Pack', short: [item(0), item(1)], long: Array.from({ length: 65 }, (_, i) => [i]) },
      top: null,
    };
    expect(stableJson(document).toString('utf8')).toBe(reference(document));
    expect(stableJson([]).toString('utf8')).toBe('[]\n');
    expect(stableJson({}).toString('utf8')).toBe('{}\n');
  });

  it('refuses a non-finite number anywhere', () => {
    expect(() =>
      stableJson({ a: { b: Array.from({ length: 100 }, (_, i) => (i === 99 ? NaN : i)) } }),
    ).toThrow('non-finite number');
  });
});
