import { registerEnumType } from '@nestjs/graphql';
import { LineCounter, parseDocument } from 'yaml';
import {
  CatalogProblem,
  FrameworkDocument,
  MappingDocument,
  MappingReference,
  validateFrameworkDocument,
  validateMappingDocument,
  Validated,
  ValidationOptions,
} from './catalog-document';

export enum CatalogFormat {
  JSON = 'JSON',
  YAML = 'YAML',
}
registerEnumType(CatalogFormat, {
  name: 'CatalogFormat',
  description: 'How an imported catalog document is written.',
});

/**
 * Imports larger than this are refused before parsing. Kept well under the default request body limit
 * (REQUEST_BODY_LIMIT, 1mb) so that an oversized document gets a clear BAD_USER_INPUT, not an HTTP 413.
 */
export const MAX_CATALOG_CONTENT_BYTES = 512 * 1024;

export enum CatalogDocumentKind {
  FRAMEWORK = 'FRAMEWORK',
  MAPPING_SET = 'MAPPING_SET',
}
registerEnumType(CatalogDocumentKind, {
  name: 'CatalogDocumentKind',
  description:
    'A document with top-level `requirements` is a framework; one with top-level `mappings` is a mapping set.',
});

export type CatalogDocumentResult =
  | ({ kind: CatalogDocumentKind.FRAMEWORK } & Validated<FrameworkDocument>)
  | ({ kind: CatalogDocumentKind.MAPPING_SET; references: MappingReference[] } & Validated<MappingDocument>)
  | { kind: null; errors: CatalogProblem[] };

/** Parses JSON or YAML (1.2, core schema; duplicate keys and multiple documents are errors). */
export function parseCatalogContent(
  content: string,
  format: CatalogFormat,
): { errors: CatalogProblem[]; value: unknown } {
  if (Buffer.byteLength(content, 'utf8') > MAX_CATALOG_CONTENT_BYTES) {
    return {
      errors: [{ path: '', message: `is larger than ${MAX_CATALOG_CONTENT_BYTES / 1024} KiB` }],
      value: null,
    };
  }
  if (format === CatalogFormat.JSON) {
    try {
      return { errors: [], value: JSON.parse(content) as unknown };
    } catch (err) {
      return { errors: [{ path: '', message: `is not valid JSON: ${(err as Error).message}` }], value: null };
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(content, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return { path: '', message: `is not valid YAML (line ${at.line}, column ${at.col}): ${e.message}` };
      }),
      value: null,
    };
  }
  try {
    return { errors: [], value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (err) {
    return { errors: [{ path: '', message: `is not valid YAML: ${(err as Error).message}` }], value: null };
  }
}

/**
 * Reads one catalog document. What it is follows from its top-level key: `requirements` makes it a
 * framework, `mappings` a mapping set; a document with both or neither is refused.
 */
export function readCatalogDocument(
  content: string,
  format: CatalogFormat,
  options: ValidationOptions = {},
): CatalogDocumentResult {
  const parsed = parseCatalogContent(content, format);
  if (parsed.errors.length > 0) return { kind: null, errors: parsed.errors };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      kind: null,
      errors: [{ path: '', message: 'must be a mapping of fields (a framework or a mapping set)' }],
    };
  }
  const isFramework = 'requirements' in value;
  const isMappingSet = 'mappings' in value;
  if (isFramework && isMappingSet) {
    return {
      kind: null,
      errors: [
        {
          path: '',
          message: 'has both `requirements` (framework) and `mappings` (mapping set): import them separately',
        },
      ],
    };
  }
  if (isFramework)
    return { kind: CatalogDocumentKind.FRAMEWORK, ...validateFrameworkDocument(value, options) };
  if (isMappingSet)
    return { kind: CatalogDocumentKind.MAPPING_SET, ...validateMappingDocument(value, options) };
  return {
    kind: null,
    errors: [
      {
        path: '',
        message: 'is neither a framework (top-level `requirements`) nor a mapping set (top-level `mappings`)',
      },
    ],
  };
}
