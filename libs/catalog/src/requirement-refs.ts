/**
 * Which catalog requirements a risk may refer to in each of its link lists. Frameworks are recognised by
 * the slug in their requirement URNs (`urn:aims:req:<slug>:<id>`), so new versions (tc260-3.0, ...) and
 * organisation imports that follow the scheme need no code change. Pure.
 */

export interface RequirementRow {
  urn: string;
  kind: string;
  assessable: boolean;
}

export enum RefRule {
  RISK_SOURCE = 'RISK_SOURCE',
  TC260_NODE = 'TC260_NODE',
  CHARACTERISTIC = 'CHARACTERISTIC',
  CONTROL = 'CONTROL',
}

const slugOf = (urn: string) => /^urn:aims:req:([a-z0-9.-]+):/.exec(urn)?.[1] ?? '';

const RULES: Record<RefRule, { accepts: (r: RequirementRow) => boolean; expected: string }> = {
  RISK_SOURCE: {
    accepts: (r) => r.kind === 'RISK_SOURCE' && slugOf(r.urn).startsWith('iso-iec-23894-'),
    expected: 'ISO/IEC 23894 risk sources (kind RISK_SOURCE)',
  },
  TC260_NODE: {
    accepts: (r) =>
      ['RISK', 'RISK_GROUP', 'RISK_CATEGORY'].includes(r.kind) && slugOf(r.urn).startsWith('tc260-'),
    expected: 'TC260 taxonomy nodes (kind RISK, RISK_GROUP or RISK_CATEGORY)',
  },
  CHARACTERISTIC: {
    accepts: (r) => r.kind === 'CHARACTERISTIC' && slugOf(r.urn).startsWith('nist-ai-rmf-'),
    expected: 'NIST AI RMF trustworthiness characteristics (kind CHARACTERISTIC)',
  },
  CONTROL: { accepts: (r) => r.assessable, expected: 'assessable requirements' },
};

/** What is wrong with the URNs given for one link list, or null. `found` holds the visible requirements. */
export function refProblem(
  rule: RefRule,
  urns: readonly string[],
  found: ReadonlyMap<string, RequirementRow>,
): string | null {
  const unknown = urns.filter((u) => !found.has(u));
  if (unknown.length > 0) return `unknown requirement URN(s): ${unknown.join(', ')}`;
  const wrong = urns.filter((u) => !RULES[rule].accepts(found.get(u) as RequirementRow));
  if (wrong.length > 0) return `must be ${RULES[rule].expected}; not: ${wrong.join(', ')}`;
  return null;
}
