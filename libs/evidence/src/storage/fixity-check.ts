import { DataSource } from 'typeorm';
import { EvidenceVersion } from '../evidence-version.entity';
import { EvidenceStorage, ObjectMissing } from './evidence-storage';
import { hashStream } from './metered-body';

/** A stored evidence version whose object is gone or no longer has the bytes recorded at upload. */
export interface FixityProblem {
  problem: 'MISSING' | 'MISMATCH';
  organisationId: string;
  evidenceItemId: string;
  versionId: string;
  sha256: string;
  sizeBytes: number;
  /** What the stored object hashed to (MISMATCH only). */
  actual: { sha256: string; size: number } | null;
}

export interface FixityReport {
  /** Version rows checked. */
  versions: number;
  /** Distinct objects read and hashed. */
  objects: number;
  problems: FixityProblem[];
}

const PAGE = 500;

/**
 * The fixity check archivists run: every stored evidence object (of one organisation, or all) read back in
 * full and hashed, against the SHA-256 and size recorded on its versions. Versions are read in pages in
 * hash order, and each object is hashed once however many versions share it.
 */
export async function checkFixity(
  dataSource: DataSource,
  storage: EvidenceStorage,
  options: { organisationId?: string } = {},
): Promise<FixityReport> {
  const report: FixityReport = { versions: 0, objects: 0, problems: [] };
  let last = null as { sha256: string; id: string } | null;
  let current = null as { sha256: string; result: { sha256: string; size: number } | null } | null;
  for (;;) {
    const query = dataSource
      .getRepository(EvidenceVersion)
      .createQueryBuilder('v')
      .where('v.sha256 IS NOT NULL AND v.url IS NULL')
      .orderBy('v.sha256', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .take(PAGE);
    if (options.organisationId) query.andWhere('v.organisationId = :org', { org: options.organisationId });
    if (last) query.andWhere('(v.sha256, v.id) > (:sha, :id)', { sha: last.sha256, id: last.id });
    const page = await query.getMany();
    for (const version of page) {
      const sha256 = version.sha256 as string;
      if (current?.sha256 !== sha256) {
        current = { sha256, result: await hashStored(storage, sha256) };
        report.objects += 1;
      }
      report.versions += 1;
      const actual = current.result;
      if (!actual || actual.sha256 !== sha256 || actual.size !== version.sizeBytes) {
        report.problems.push({
          problem: actual ? 'MISMATCH' : 'MISSING',
          organisationId: version.organisationId,
          evidenceItemId: version.evidenceItemId,
          versionId: version.id,
          sha256,
          sizeBytes: version.sizeBytes as number,
          actual,
        });
      }
    }
    if (page.length < PAGE) return report;
    const tail = page[page.length - 1];
    last = { sha256: tail.sha256 as string, id: tail.id };
  }
}

async function hashStored(
  storage: EvidenceStorage,
  sha256: string,
): Promise<{ sha256: string; size: number } | null> {
  try {
    return await hashStream(await storage.open(sha256));
  } catch (err) {
    if (err instanceof ObjectMissing) return null;
    throw err;
  }
}
