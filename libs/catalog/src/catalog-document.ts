import { MAPPING_RELATIONSHIPS, MappingRelationship } from './relationship';
import { PDCA_PHASES, PdcaPhase, REQUIREMENT_KINDS, RequirementKind } from './requirement-kind';

/**
 * The catalog file format (libs/catalog/data/README.md) as types, and its pure validation. Validators never
 * stop at the first problem: they return every problem with a path into the document
 * (`requirements[3].children[0].id`) and a normalised document built from the parts that were valid.
 */

export interface CatalogProblem {
  path: string;
  message: string;
}

export const FRAMEWORK_URN = /^urn:aims:framework:[a-z0-9][a-z0-9.-]*:[a-z0-9][a-z0-9.-]*$/;
export const MAPPING_SET_URN = /^urn:aims:mapping:[a-z0-9][a-z0-9.-]*(:[a-z0-9][a-z0-9.-]*)+$/;
export const REQUIREMENT_URN = /^urn:aims:req:([a-z0-9][a-z0-9.-]*):([a-z0-9][a-z0-9._-]*)$/;
export const SLUG = /^[a-z0-9][a-z0-9.-]*$/;
export const REQUIREMENT_ID = /^[a-z0-9][a-z0-9._-]*$/;

export const MAPPING_AUTHORS = ['third-party', 'aims-project', 'organisation'] as const;
export type MappingAuthor = (typeof MAPPING_AUTHORS)[number];
export const MAPPING_STATUSES = ['published', 'draft'] as const;
export type MappingStatus = (typeof MAPPING_STATUSES)[number];

/** Guards against documents that would be expensive to hold or walk. */
export const CATALOG_LIMITS = { maxNodes: 20000, maxDepth: 16, maxMappingPairs: 20000 } as const;

export function requirementUrn(slug: string, id: string): string {
  return `urn:aims:req:${slug}:${id}`;
}

export interface FrameworkProvenance {
  source: string | null;
  authoredBy: string | null;
  retrieved: string | null;
  note: string | null;
}

export interface RequirementNode {
  id: string;
  refId: string;
  title: string;
  titleZh: string | null;
  description: string | null;
  kind: RequirementKind;
  assessable: boolean;
  pdcaPhase: PdcaPhase | null;
  secondary: boolean;
  children: RequirementNode[];
  /** Where the node sits in its document (`requirements[3].children[0]`), for messages. */
  path: string;
}

export interface FrameworkDocument {
  urn: string;
  slug: string;
  name: string;
  shortName: string | null;
  version: string;
  publisher: string | null;
  provenance: FrameworkProvenance;
  expectedCounts: Partial<Record<RequirementKind, number>> | null;
  requirements: RequirementNode[];
  /**
   * Every well-formed id in the document, including those of nodes that are broken otherwise, so that
   * references to them are not reported a second time as unknown.
   */
  declaredIds: string[];
}

export interface MappingProvenance {
  publisher: string | null;
  authoredBy: MappingAuthor;
  date: string | null;
  status: MappingStatus;
  source: string | null;
  note: string | null;
}

export interface MappingRow {
  /** Requirement id in the source framework, or its full requirement URN. */
  source: string;
  targets: string[];
  relationship: MappingRelationship;
  rationale: string | null;
  strength: number | null;
  /** `mappings[4]`, for messages. */
  path: string;
}

export interface MappingDocument {
  urn: string;
  name: string;
  sourceFramework: string;
  targetFramework: string;
  provenance: MappingProvenance;
  mappings: MappingRow[];
}

/** A requirement reference in a mapping document, kept even when its row is otherwise broken. */
export interface MappingReference {
  side: 'source' | 'target';
  ref: string;
  path: string;
}

export interface ValidationOptions {
  /**
   * Curated built-in files must be explicit: `refId`, `assessable`, `provenance` and `expectedCounts`
   * are required. Imports may omit them (refId defaults to the id, assessable to true).
   */
  strict?: boolean;
}

export interface Validated<T> {
  errors: CatalogProblem[];
  /** Built from the valid parts; only safe to load when `errors` is empty. */
  document: T;
}

// ---------------------------------------------------------------------------------------------------------
// Reading helpers

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

class Reader {
  readonly errors: CatalogProblem[] = [];

  problem(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** Reports keys the format does not know (a typo like `chidren` would otherwise drop a subtree silently). */
  knownKeys(obj: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key))
        this.problem(join(path, key), `is not a known field (allowed: ${allowed.join(', ')})`);
    }
  }

  string(
    obj: Obj,
    key: string,
    path: string,
    opts: { required?: boolean; max?: number; pattern?: RegExp; patternHint?: string } = {},
  ): string | null {
    const at = join(path, key);
    const value = obj[key];
    if (value === undefined || value === null) {
      if (opts.required) this.problem(at, 'is required');
      return null;
    }
    if (typeof value !== 'string') {
      const hint = typeof value === 'number' ? ` (quote it: '${String(value)}')` : '';
      this.problem(at, `must be a string${hint}`);
      return null;
    }
    const trimmed = value.trim();
    if (trimmed.length === 0) {
      if (opts.required) this.problem(at, 'must not be empty');
      return null;
    }
    if (opts.max !== undefined && trimmed.length > opts.max) {
      this.problem(at, `must be at most ${opts.max} characters`);
      return null;
    }
    if (opts.pattern && !opts.pattern.test(trimmed)) {
      this.problem(at, `is not well-formed: ${opts.patternHint ?? `must match ${opts.pattern.source}`}`);
      return null;
    }
    return trimmed;
  }

  boolean(obj: Obj, key: string, path: string, required: boolean): boolean | null {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.problem(join(path, key), 'is required');
      return null;
    }
    if (typeof value !== 'boolean') {
      this.problem(join(path, key), 'must be true or false');
      return null;
    }
    return value;
  }

  oneOf<T extends string>(
    obj: Obj,
    key: string,
    path: string,
    values: readonly T[],
    required: boolean,
  ): T | null {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.problem(join(path, key), 'is required');
      return null;
    }
    if (typeof value !== 'string' || !values.includes(value as T)) {
      this.problem(join(path, key), `must be one of ${values.join(', ')} (got ${JSON.stringify(value)})`);
      return null;
    }
    return value as T;
  }

  object(obj: Obj, key: string, path: string, required: boolean): Obj | null {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.problem(join(path, key), 'is required');
      return null;
    }
    if (!isObject(value)) {
      this.problem(join(path, key), 'must be a mapping of fields');
      return null;
    }
    return value;
  }

  array(obj: Obj, key: string, path: string, required: boolean): unknown[] | null {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.problem(join(path, key), 'is required');
      return null;
    }
    if (!Array.isArray(value)) {
      this.problem(join(path, key), 'must be a list');
      return null;
    }
    if (required && value.length === 0) this.problem(join(path, key), 'must not be empty');
    return value;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Frameworks

const FRAMEWORK_KEYS = [
  'urn',
  'slug',
  'name',
  'shortName',
  'version',
  'publisher',
  'provenance',
  'expectedCounts',
  'requirements',
] as const;
const FRAMEWORK_PROVENANCE_KEYS = ['source', 'authoredBy', 'retrieved', 'note'] as const;
const NODE_KEYS = [
  'id',
  'refId',
  'title',
  'titleZh',
  'kind',
  'assessable',
  'pdcaPhase',
  'description',
  'secondary',
  'children',
] as const;

const ID_HINT = 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit';
const TEXT_MAX = 4000;

/** Validates a parsed framework document (structure, ids, uniqueness, kinds, expected counts). */
export function validateFrameworkDocument(
  raw: unknown,
  options: ValidationOptions = {},
): Validated<FrameworkDocument> {
  const strict = options.strict ?? false;
  const r = new Reader();
  const root: Obj = isObject(raw) ? raw : {};
  if (!isObject(raw)) r.problem('', 'a framework document must be a mapping of fields');
  r.knownKeys(root, '', FRAMEWORK_KEYS);

  const urn = r.string(root, 'urn', '', {
    required: true,
    max: 300,
    pattern: FRAMEWORK_URN,
    patternHint: 'urn:aims:framework:<name>:<version> in lower case',
  });
  const slug = r.string(root, 'slug', '', {
    required: true,
    max: 100,
    pattern: SLUG,
    patternHint: '[a-z0-9.-]+',
  });
  const name = r.string(root, 'name', '', { required: true, max: 300 });
  const shortName = r.string(root, 'shortName', '', { max: 100 });
  const version = r.string(root, 'version', '', { required: true, max: 100 });
  const publisher = r.string(root, 'publisher', '', { max: 300 });

  const provenanceRaw = r.object(root, 'provenance', '', strict);
  const provenance: FrameworkProvenance = { source: null, authoredBy: null, retrieved: null, note: null };
  if (provenanceRaw) {
    r.knownKeys(provenanceRaw, 'provenance', FRAMEWORK_PROVENANCE_KEYS);
    for (const key of FRAMEWORK_PROVENANCE_KEYS)
      provenance[key] = r.string(provenanceRaw, key, 'provenance', { max: TEXT_MAX });
  }

  // Walk the tree: every node is checked, a node enters the normalised tree only when valid itself.
  const counts = new Map<RequirementKind, number>();
  const seenIds = new Map<string, string>();
  let visited = 0;
  const walk = (list: unknown[], path: string, depth: number): RequirementNode[] => {
    const out: RequirementNode[] = [];
    list.forEach((item, index) => {
      const at = `${path}[${index}]`;
      visited += 1;
      if (visited === CATALOG_LIMITS.maxNodes + 1)
        r.problem(at, `a document may hold at most ${CATALOG_LIMITS.maxNodes} requirements`);
      if (visited > CATALOG_LIMITS.maxNodes) return;
      if (!isObject(item)) {
        r.problem(at, 'a requirement must be a mapping of fields');
        return;
      }
      const before = r.errors.length;
      r.knownKeys(item, at, NODE_KEYS);
      const id = r.string(item, 'id', at, {
        required: true,
        max: 100,
        pattern: REQUIREMENT_ID,
        patternHint: ID_HINT,
      });
      if (id !== null) {
        const first = seenIds.get(id);
        if (first !== undefined) r.problem(`${at}.id`, `duplicates the id '${id}' of ${first}`);
        else seenIds.set(id, at);
      }
      const refId = r.string(item, 'refId', at, { required: strict, max: 100 });
      const title = r.string(item, 'title', at, { required: true, max: 500 });
      const titleZh = r.string(item, 'titleZh', at, { max: 500 });
      const description = r.string(item, 'description', at, { max: TEXT_MAX });
      const kind = r.oneOf(item, 'kind', at, REQUIREMENT_KINDS, true);
      if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const assessable = r.boolean(item, 'assessable', at, strict);
      const pdcaPhase = r.oneOf(item, 'pdcaPhase', at, PDCA_PHASES, false);
      const secondary = r.boolean(item, 'secondary', at, false);
      const valid = r.errors.length === before;

      let children: RequirementNode[] = [];
      const childList = r.array(item, 'children', at, false);
      if (childList && childList.length > 0) {
        if (depth + 1 >= CATALOG_LIMITS.maxDepth) {
          r.problem(`${at}.children`, `requirements may nest at most ${CATALOG_LIMITS.maxDepth} levels deep`);
        } else {
          children = walk(childList, `${at}.children`, depth + 1);
        }
      }
      // A broken node stays out of the tree; its children are checked (above) but only its own
      // problems decide, so one bad leaf does not drop its ancestors.
      if (!valid || id === null || title === null || kind === null) return;
      out.push({
        id,
        refId: refId ?? id,
        title,
        titleZh,
        description,
        kind,
        assessable: assessable ?? true,
        pdcaPhase,
        secondary: secondary ?? false,
        children,
        path: at,
      });
    });
    return out;
  };
  const requirementList = r.array(root, 'requirements', '', true);
  const requirements = requirementList ? walk(requirementList, 'requirements', 0) : [];

  const expectedCounts = checkExpectedCounts(r, root, counts, strict);

  return {
    errors: r.errors,
    document: {
      urn: urn ?? '',
      slug: slug ?? '',
      name: name ?? '',
      shortName,
      version: version ?? '',
      publisher,
      provenance,
      expectedCounts,
      requirements,
      declaredIds: [...seenIds.keys()],
    },
  };
}

/** `expectedCounts` must list every kind the tree uses with its exact count (and only real kinds). */
function checkExpectedCounts(
  r: Reader,
  root: Obj,
  counts: Map<RequirementKind, number>,
  strict: boolean,
): Partial<Record<RequirementKind, number>> | null {
  const raw = r.object(root, 'expectedCounts', '', strict);
  if (!raw) return null;
  const expected: Partial<Record<RequirementKind, number>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const at = `expectedCounts.${key}`;
    if (!REQUIREMENT_KINDS.includes(key as RequirementKind)) {
      r.problem(at, `is not a requirement kind (kinds: ${REQUIREMENT_KINDS.join(', ')})`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      r.problem(at, 'must be a whole number, 0 or more');
      continue;
    }
    expected[key as RequirementKind] = value;
    const actual = counts.get(key as RequirementKind) ?? 0;
    if (actual !== value) r.problem(at, `expects ${value} ${key} nodes but the tree has ${actual}`);
  }
  for (const [kind, actual] of counts) {
    if (!(kind in raw))
      r.problem(`expectedCounts.${kind}`, `is missing: the tree has ${actual} ${kind} nodes`);
  }
  return expected;
}

export interface FlatRequirement {
  node: RequirementNode;
  parentId: string | null;
  /** Ids from the root down to the parent. */
  ancestorIds: string[];
  depth: number;
  /** Pre-order index: sorting by it gives document order. */
  position: number;
}

/** The tree in document (pre-)order with each node's parent and ancestors. */
export function flattenRequirements(nodes: RequirementNode[]): FlatRequirement[] {
  const out: FlatRequirement[] = [];
  const visit = (list: RequirementNode[], ancestors: string[]) => {
    for (const node of list) {
      out.push({
        node,
        parentId: ancestors[ancestors.length - 1] ?? null,
        ancestorIds: ancestors,
        depth: ancestors.length,
        position: out.length,
      });
      visit(node.children, [...ancestors, node.id]);
    }
  };
  visit(nodes, []);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Mapping sets

const MAPPING_KEYS = ['urn', 'name', 'sourceFramework', 'targetFramework', 'provenance', 'mappings'] as const;
const MAPPING_PROVENANCE_KEYS = ['publisher', 'authoredBy', 'date', 'status', 'source', 'note'] as const;
const ROW_KEYS = ['source', 'targets', 'relationship', 'rationale', 'strength'] as const;
const REF_HINT = 'a requirement id of the framework (e.g. a.6.2.8) or its urn:aims:req:<slug>:<id>';

function isRequirementRef(value: string): boolean {
  return REQUIREMENT_ID.test(value) || REQUIREMENT_URN.test(value);
}

/**
 * Validates a parsed mapping-set document. References are only checked for form here; whether they exist
 * is `resolveMappingReferences`' job (it needs the frameworks). `references` lists every well-formed
 * reference, including those of rows that are broken otherwise, so that all problems surface at once.
 */
export function validateMappingDocument(
  raw: unknown,
  options: ValidationOptions = {},
): Validated<MappingDocument> & { references: MappingReference[] } {
  const strict = options.strict ?? false;
  const r = new Reader();
  const root: Obj = isObject(raw) ? raw : {};
  if (!isObject(raw)) r.problem('', 'a mapping-set document must be a mapping of fields');
  r.knownKeys(root, '', MAPPING_KEYS);

  const urn = r.string(root, 'urn', '', {
    required: true,
    max: 300,
    pattern: MAPPING_SET_URN,
    patternHint: 'urn:aims:mapping:<source-slug>:<target-slug> in lower case',
  });
  const name = r.string(root, 'name', '', { required: true, max: 300 });
  const frameworkUrn = { max: 300, required: true, pattern: FRAMEWORK_URN, patternHint: 'a framework URN' };
  const sourceFramework = r.string(root, 'sourceFramework', '', frameworkUrn);
  const targetFramework = r.string(root, 'targetFramework', '', frameworkUrn);

  // Imports may leave provenance out: the set is then the organisation's own draft.
  const provenance: MappingProvenance = {
    publisher: null,
    authoredBy: 'organisation',
    date: null,
    status: 'draft',
    source: null,
    note: null,
  };
  const provenanceRaw = r.object(root, 'provenance', '', strict);
  if (provenanceRaw) {
    r.knownKeys(provenanceRaw, 'provenance', MAPPING_PROVENANCE_KEYS);
    provenance.publisher = r.string(provenanceRaw, 'publisher', 'provenance', { required: strict, max: 300 });
    provenance.authoredBy =
      r.oneOf(provenanceRaw, 'authoredBy', 'provenance', MAPPING_AUTHORS, true) ?? provenance.authoredBy;
    provenance.date = r.string(provenanceRaw, 'date', 'provenance', { required: strict, max: 30 });
    provenance.status =
      r.oneOf(provenanceRaw, 'status', 'provenance', MAPPING_STATUSES, true) ?? provenance.status;
    provenance.source = r.string(provenanceRaw, 'source', 'provenance', { max: TEXT_MAX });
    provenance.note = r.string(provenanceRaw, 'note', 'provenance', { max: TEXT_MAX });
  }

  const references: MappingReference[] = [];
  const mappings: MappingRow[] = [];
  const refAt = (value: unknown, at: string, side: MappingReference['side']): string | null => {
    if (value === undefined || value === null) {
      r.problem(at, 'is required');
      return null;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      r.problem(
        at,
        typeof value === 'number'
          ? `must be a string (quote it: '${String(value)}')`
          : 'must be a non-empty string',
      );
      return null;
    }
    const ref = value.trim();
    if (!isRequirementRef(ref)) {
      r.problem(at, `is not well-formed: ${REF_HINT}`);
      return null;
    }
    references.push({ side, ref, path: at });
    return ref;
  };

  const rows = r.array(root, 'mappings', '', true) ?? [];
  let pairs = 0;
  rows.forEach((row, index) => {
    const at = `mappings[${index}]`;
    if (!isObject(row)) {
      r.problem(at, 'a mapping must be a mapping of fields');
      return;
    }
    const before = r.errors.length;
    r.knownKeys(row, at, ROW_KEYS);
    const source = refAt(row.source, `${at}.source`, 'source');
    const targetList = r.array(row, 'targets', at, true) ?? [];
    const targets = targetList.map((t, j) => refAt(t, `${at}.targets[${j}]`, 'target'));
    pairs += targets.length;
    const relationship = r.oneOf(row, 'relationship', at, MAPPING_RELATIONSHIPS, true);
    const rationale = r.string(row, 'rationale', at, { max: TEXT_MAX });
    const noRationale = row.rationale === undefined || row.rationale === null || row.rationale === '';
    if (noRationale && provenance.authoredBy === 'aims-project') {
      r.problem(
        `${at}.rationale`,
        'is required: crosswalks authored by the AIMS project give a rationale per row',
      );
    }
    let strength: number | null = null;
    if (row.strength !== undefined && row.strength !== null) {
      if (
        typeof row.strength !== 'number' ||
        !Number.isFinite(row.strength) ||
        row.strength < 0 ||
        row.strength > 1
      ) {
        r.problem(`${at}.strength`, 'must be a number from 0 to 1');
      } else {
        strength = row.strength;
      }
    }
    if (
      r.errors.length > before ||
      source === null ||
      relationship === null ||
      targets.some((t) => t === null)
    )
      return;
    mappings.push({ source, targets: targets as string[], relationship, rationale, strength, path: at });
  });
  if (pairs > CATALOG_LIMITS.maxMappingPairs) {
    r.problem(
      'mappings',
      `a mapping set may hold at most ${CATALOG_LIMITS.maxMappingPairs} source-target pairs`,
    );
  }

  return {
    errors: r.errors,
    references,
    document: {
      urn: urn ?? '',
      name: name ?? '',
      sourceFramework: sourceFramework ?? '',
      targetFramework: targetFramework ?? '',
      provenance,
      mappings,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// References

/** What reference resolution needs to know about a framework: its slug and its current requirement ids. */
export interface FrameworkIndexEntry {
  urn: string;
  slug: string;
  ids: ReadonlySet<string>;
}

export interface ResolvedPair {
  sourceUrn: string;
  targetUrn: string;
  row: MappingRow;
}

/** The requirement URN a reference points at within a framework, or null when it names another framework. */
function refToUrn(ref: string, framework: FrameworkIndexEntry): { urn: string; id: string } | null {
  const match = REQUIREMENT_URN.exec(ref);
  if (!match) return { urn: requirementUrn(framework.slug, ref), id: ref };
  return match[1] === framework.slug ? { urn: ref, id: match[2] } : null;
}

/**
 * Checks that both frameworks are known and that every reference names a current requirement of its side's
 * framework; returns the resolved (source, target) pairs and rejects duplicates and self-mappings.
 */
export function resolveMappingReferences(
  document: MappingDocument,
  references: MappingReference[],
  frameworks: (urn: string) => FrameworkIndexEntry | undefined,
): { errors: CatalogProblem[]; pairs: ResolvedPair[] } {
  const errors: CatalogProblem[] = [];
  const source = document.sourceFramework ? frameworks(document.sourceFramework) : undefined;
  const target = document.targetFramework ? frameworks(document.targetFramework) : undefined;
  if (document.sourceFramework && !source) {
    errors.push({ path: 'sourceFramework', message: `unknown framework ${document.sourceFramework}` });
  }
  if (document.targetFramework && !target) {
    errors.push({ path: 'targetFramework', message: `unknown framework ${document.targetFramework}` });
  }

  const check = (ref: string, framework: FrameworkIndexEntry): string | null => {
    const resolved = refToUrn(ref, framework);
    return resolved && framework.ids.has(resolved.id) ? resolved.urn : null;
  };
  for (const reference of references) {
    const framework = reference.side === 'source' ? source : target;
    if (framework && !check(reference.ref, framework)) {
      errors.push({
        path: reference.path,
        message: `'${reference.ref}' is not a requirement of ${framework.urn}`,
      });
    }
  }
  if (!source || !target || errors.length > 0) return { errors, pairs: [] };

  const pairs: ResolvedPair[] = [];
  const seen = new Map<string, string>();
  for (const row of document.mappings) {
    const sourceUrn = check(row.source, source) as string;
    row.targets.forEach((ref, j) => {
      const targetUrn = check(ref, target) as string;
      const at = `${row.path}.targets[${j}]`;
      const key = `${sourceUrn} ${targetUrn}`;
      if (sourceUrn === targetUrn) {
        errors.push({ path: at, message: 'maps a requirement to itself' });
      } else if (seen.has(key)) {
        errors.push({ path: at, message: `repeats the mapping ${row.source} → ${ref} of ${seen.get(key)}` });
      } else {
        seen.set(key, at);
        pairs.push({ sourceUrn, targetUrn, row });
      }
    });
  }
  return { errors, pairs };
}
