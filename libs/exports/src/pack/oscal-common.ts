import { PackEvidenceFile } from './pack-content';

/** Namespace of the properties AIMS adds to OSCAL documents (OSCAL requires one for non-NIST names). */
export const AIMS_OSCAL_NS = 'urn:aims:ns:oscal';
export const NIST_NS = 'http://csrc.nist.gov/ns/oscal';
export const OSCAL_VERSION = '1.2.1';

/** An evidence version and where it sits in the pack (null when the pack was asked for without files). */
export interface PlacedEvidence {
  file: PackEvidenceFile;
  path: string | null;
}

export type Json = Record<string, unknown>;
/** A relative path as a URI reference: every segment percent-encoded. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** OSCAL token: a letter or `_` first, then letters, digits, `.`, `-`, `_`. */
export function token(raw: string): string {
  const cleaned = raw.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** OSCAL markup-line: one non-empty line. */
export function line(raw: string): string {
  return text(raw) ?? '(untitled)';
}

/** OSCAL string: no leading, trailing or line-breaking white space; null when nothing is left. */
export function text(raw: string | null | undefined): string | null {
  const cleaned = (raw ?? '').replace(/\s+/g, ' ').trim();
  return cleaned || null;
}

export function props(pairs: [string, string | null | undefined][]): Json[] | undefined {
  const list = pairs.flatMap(([name, value]) => {
    const v = text(value);
    return v ? [{ name, ns: AIMS_OSCAL_NS, value: v }] : [];
  });
  return nonEmpty(list);
}

/** OSCAL arrays hold at least one item: an empty list is left out. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

export function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null));
}

export function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of list) {
    const group = map.get(key(item));
    if (group) group.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}
