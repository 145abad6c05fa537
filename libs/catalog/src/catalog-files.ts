import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogDocumentKind, CatalogFormat, readCatalogDocument } from './catalog-content';
import {
  CatalogProblem,
  FrameworkDocument,
  FrameworkIndexEntry,
  MappingDocument,
  MappingReference,
  resolveMappingReferences,
  ResolvedPair,
} from './catalog-document';

/** Bump when the loader starts storing something differently, so that unchanged files are written again. */
export const CATALOG_LOADER_VERSION = 1;

export interface FrameworkSource {
  /** Where it came from: a file relative to the data folder, or `import`. */
  origin: string;
  contentHash: string;
  document: FrameworkDocument;
}

export interface MappingSetSource {
  origin: string;
  contentHash: string;
  document: MappingDocument;
  references: MappingReference[];
}

export interface CatalogFileProblem extends CatalogProblem {
  file: string;
}

/** A catalog that failed validation, with every problem found (not just the first). */
export class CatalogValidationError extends Error {
  constructor(readonly problems: CatalogFileProblem[]) {
    super(
      `Catalog validation failed with ${problems.length} problem(s):\n` +
        problems.map((p) => `  - ${p.file}: ${p.path || '(document)'}: ${p.message}`).join('\n'),
    );
    this.name = 'CatalogValidationError';
  }
}

export function contentHash(content: string): string {
  return createHash('sha256')
    .update(`aims-catalog-v${CATALOG_LOADER_VERSION}\n`)
    .update(content)
    .digest('hex');
}

/**
 * The built-in data folder, found from the repository root (the nearest folder with a package.json), so it
 * resolves both from source under ts-jest and from the build in dist/, which holds no YAML.
 */
export function builtInCatalogDir(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${from}`);
    dir = parent;
  }
  return path.join(dir, 'libs', 'catalog', 'data');
}

const EXTENSIONS: Record<string, CatalogFormat> = {
  '.yaml': CatalogFormat.YAML,
  '.yml': CatalogFormat.YAML,
  '.json': CatalogFormat.JSON,
};

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => EXTENSIONS[path.extname(name)] !== undefined)
    .sort();
}

export interface CatalogBatch {
  frameworks: FrameworkSource[];
  mappingSets: MappingSetSource[];
}

/**
 * Reads and validates every file under `frameworks/` and `mappings/` strictly (curated files must be
 * explicit). Throws CatalogValidationError listing every problem of every file.
 */
export function readCatalogDirectory(dir: string): CatalogBatch {
  const problems: CatalogFileProblem[] = [];
  const batch: CatalogBatch = { frameworks: [], mappingSets: [] };
  for (const folder of ['frameworks', 'mappings'] as const) {
    for (const name of listFiles(path.join(dir, folder))) {
      const file = `${folder}/${name}`;
      const content = fs.readFileSync(path.join(dir, file), 'utf8');
      const result = readCatalogDocument(content, EXTENSIONS[path.extname(name)], { strict: true });
      problems.push(...result.errors.map((e) => ({ file, ...e })));
      const expected =
        folder === 'frameworks' ? CatalogDocumentKind.FRAMEWORK : CatalogDocumentKind.MAPPING_SET;
      if (result.kind !== null && result.kind !== expected) {
        problems.push({
          file,
          path: '',
          message: `files under ${folder}/ must be ${folder === 'frameworks' ? 'frameworks' : 'mapping sets'}`,
        });
      } else if (result.kind === CatalogDocumentKind.FRAMEWORK) {
        batch.frameworks.push({ origin: file, contentHash: contentHash(content), document: result.document });
      } else if (result.kind === CatalogDocumentKind.MAPPING_SET) {
        batch.mappingSets.push({
          origin: file,
          contentHash: contentHash(content),
          document: result.document,
          references: result.references,
        });
      }
    }
  }
  problems.push(...checkBatch(batch).problems);
  if (problems.length > 0) throw new CatalogValidationError(problems);
  return batch;
}

export function frameworkIndexEntry(document: FrameworkDocument): FrameworkIndexEntry {
  return { urn: document.urn, slug: document.slug, ids: new Set(document.declaredIds) };
}

/**
 * Checks across the files of one batch: URNs and slugs unique, and every mapping reference resolved
 * against the batch's frameworks or, for frameworks outside it, `lookup`.
 */
export function checkBatch(
  batch: CatalogBatch,
  lookup: (urn: string) => FrameworkIndexEntry | undefined = () => undefined,
): { problems: CatalogFileProblem[]; pairs: Map<MappingSetSource, ResolvedPair[]> } {
  const problems: CatalogFileProblem[] = [];
  const unique = (values: { origin: string; value: string; path: string }[], what: string) => {
    const first = new Map<string, string>();
    for (const v of values) {
      if (!v.value) continue;
      const seen = first.get(v.value);
      if (seen)
        problems.push({
          file: v.origin,
          path: v.path,
          message: `${what} ${v.value} is also used by ${seen}`,
        });
      else first.set(v.value, v.origin);
    }
  };
  unique(
    batch.frameworks.map((f) => ({ origin: f.origin, value: f.document.urn, path: 'urn' })),
    'framework URN',
  );
  unique(
    batch.frameworks.map((f) => ({ origin: f.origin, value: f.document.slug, path: 'slug' })),
    'slug',
  );
  unique(
    batch.mappingSets.map((m) => ({ origin: m.origin, value: m.document.urn, path: 'urn' })),
    'mapping-set URN',
  );

  // With a duplicated URN (reported above) the first file counts, as in that report.
  const index = new Map<string, FrameworkIndexEntry>();
  for (const f of batch.frameworks) {
    if (!index.has(f.document.urn)) index.set(f.document.urn, frameworkIndexEntry(f.document));
  }
  const pairs = new Map<MappingSetSource, ResolvedPair[]>();
  for (const set of batch.mappingSets) {
    const resolved = resolveMappingReferences(
      set.document,
      set.references,
      (urn) => index.get(urn) ?? lookup(urn),
    );
    problems.push(...resolved.errors.map((e) => ({ file: set.origin, ...e })));
    pairs.set(set, resolved.pairs);
  }
  return { problems, pairs };
}
