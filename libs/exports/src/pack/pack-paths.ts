import { PackEvidenceFile } from './pack-content';

/** The fixed paths of an evidence pack (documented in the README's "Evidence packs" section). */
export const PackPath = {
  Manifest: 'manifest.json',
  Signature: 'manifest.sig',
  PublicKey: 'public-key.pem',
  Sums: 'SHA256SUMS',
  Index: 'index.html',
  SoA: 'soa.csv',
  RiskRegister: 'risk-register.csv',
  EvidenceIndex: 'evidence-index.csv',
  ControlsToEvidence: 'controls-to-evidence.csv',
  Nonconformities: 'nonconformities.csv',
  AuditLog: 'audit-log.jsonl',
  AssessmentResults: 'oscal/assessment-results.json',
} as const;

/** Files that describe the others and so are not listed in manifest.json. */
export const SELF_DESCRIBING_PATHS: readonly string[] = [
  PackPath.Manifest,
  PackPath.Signature,
  PackPath.Sums,
];

export function mappingPath(slug: string): string {
  return `oscal/mapping-${safeSegment(slug, 'mapping')}.json`;
}

/** `evidence/<requirement-ref>/<item>-v<version>-<original name>`, every segment made safe for any file system. */
export function evidencePath(file: PackEvidenceFile): string {
  const name = safeSegment(`${file.itemId}-v${file.version}-${file.originalName}`, 'file');
  return `evidence/${safeSegment(file.primaryRequirementRef, 'unlinked')}/${name}`;
}

/**
 * One path segment: no separators, control or reserved characters, no leading dots or spaces (no `..`,
 * no hidden files), at most 150 UTF-8 bytes. Empty after cleaning → `fallback`.
 */
export function safeSegment(raw: string, fallback: string): string {
  let cleaned = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  while (Buffer.byteLength(cleaned, 'utf8') > 150) cleaned = Array.from(cleaned).slice(0, -1).join('');
  return cleaned || fallback;
}

/** Byte order of the UTF-8 paths: the one order every tool agrees on (`LC_ALL=C sort`). */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Media types of the generated files; evidence files keep the type they were uploaded with. */
export function mediaTypeOf(path: string): string {
  if (path.startsWith('oscal/')) return 'application/oscal+json';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.jsonl')) return 'application/jsonl';
  if (path.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (path.endsWith('.html')) return 'text/html; charset=utf-8';
  if (path.endsWith('.pem')) return 'application/x-pem-file';
  if (path === PackPath.Signature) return 'application/octet-stream';
  return 'text/plain; charset=utf-8';
}
