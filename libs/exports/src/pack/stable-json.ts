/**
 * JSON with object keys sorted at every level (the order of canonicalJson), pretty-printed with two
 * spaces: the bytes of `JSON.stringify` with sorted keys and an indent of 2, then a newline. Stable bytes
 * for stable data. A large document is never one string: each item of a long array is written on its
 * own and the text is turned into bytes every 64 KiB, so what is allocated on the way is small and
 * short-lived (a document listing 10,000 files is otherwise a string, a sorted copy and a buffer of it,
 * held at once).
 */
export function stableJson(value: unknown): Buffer {
  const pieces: Buffer[] = [];
  let text = '';
  const put = (more: string) => {
    text += more;
    if (text.length >= 64 * 1024) {
      pieces.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  };
  // Objects and short arrays are walked here; long arrays' items and everything else go to JSON.stringify.
  const walk = (v: unknown, indent: string, whole: boolean) => {
    if (whole || v === null || typeof v !== 'object' || 'toJSON' in v) {
      const json = JSON.stringify(v, sortedKeys, 2) ?? 'null';
      return put(indent ? json.replace(/\n/g, `\n${indent}`) : json);
    }
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return put('[]');
      v.forEach((item, i) => {
        put(`${i ? ',' : '['}\n${inner}`);
        walk(item, inner, v.length > 64);
      });
      return put(`\n${indent}]`);
    }
    const object = v as Record<string, unknown>;
    const keys = Object.keys(object)
      .filter((k) => !['undefined', 'function', 'symbol'].includes(typeof object[k]))
      .sort();
    if (keys.length === 0) return put('{}');
    keys.forEach((k, i) => {
      put(`${i ? ',' : '{'}\n${inner}${JSON.stringify(k)}: `);
      walk(object[k], inner, false);
    });
    put(`\n${indent}}`);
  };
  walk(value, '', false);
  pieces.push(Buffer.from(`${text}\n`, 'utf8'));
  return Buffer.concat(pieces);
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new Error('non-finite number in a pack document');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, object[k]]),
  );
}
