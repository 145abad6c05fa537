import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chainHash, GENESIS_HASH } from '@aims/audit-log';
import type {
  PackAuditEvent,
  PackContent,
  PackEvidenceFile,
  PackRisk,
  PackSigner,
} from '../../libs/exports/src/pack';

export interface PackFixture {
  content: PackContent;
  signer: PackSigner;
  privateKey: KeyObject;
  evidenceDir: string;
}

const ORG = '0b6c1a52-8f1e-4d47-9a3c-6f2d1e0a4b11';
const CYCLE = '2f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';
const FW_42001 = 'urn:aims:framework:iso-iec-42001:2023';
const FW_EU = 'urn:aims:framework:eu-ai-act:2024-1689';
const FW_RMF = 'urn:aims:framework:nist-ai-rmf:1.0';
const req = (fw: string, ref: string) => `urn:aims:req:${fw}:${ref}`;
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** One Ed25519 key pair per call, shaped like the organisation's signing key. */
export function testSigner(keyId = 'key-test-1'): { signer: PackSigner; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    signer: {
      keyId,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      sign: (bytes) => sign(null, bytes, privateKey),
    },
  };
}

/** Deterministic bytes of any length. */
function bytes(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let block = createHash('sha256').update(seed).digest();
  for (let offset = 0; offset < length; offset += block.length) {
    block.copy(out, offset);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** A chain of `count` audit events starting at `firstSeq`, linked to a made-up earlier history. */
export function auditEvents(
  firstSeq: number,
  count: number,
): { start: { seq: number; prevHash: string }; events: PackAuditEvent[] } {
  let prev = GENESIS_HASH;
  for (let seq = 1; seq < firstSeq; seq++) prev = createHash('sha256').update(`${prev}${seq}`).digest('hex');
  const start = { seq: firstSeq, prevHash: prev };
  const events: PackAuditEvent[] = [];
  for (let i = 0; i < count; i++) {
    const body = {
      organisationId: ORG,
      seq: firstSeq + i,
      action: ['risk.created', 'risk.assessed', 'evidence.reviewed', 'cycle.advanced'][i % 4],
      entityType: ['Risk', 'Risk', 'EvidenceItem', 'Cycle'][i % 4],
      entityId: id(500 + i),
      actorType: 'USER',
      actorId: id(900 + (i % 3)),
      requestId: `req-${i}`,
      occurredAt: new Date(Date.UTC(2026, 2, 1 + i, 10, 0, 0)).toISOString(),
      changes:
        i % 4 === 1 ? { inherentLevel: { from: null, to: 'High' }, note: 'line\nbreak "quoted"' } : null,
    };
    const hash = chainHash(prev, body);
    events.push({ id: id(700 + i), ...body, prevHash: prev, hash });
    prev = hash;
  }
  return { start, events };
}

interface EvidenceSpec {
  item: number;
  version: number;
  title: string;
  name: string;
  mediaType: string;
  ref: string;
  requirementUrns: string[];
  data: Buffer;
}

/**
 * A realistic pack content: three frameworks (ISO/IEC 42001, EU AI Act, NIST AI RMF) with coverage and
 * justification paths, a 5×5 risk grid with risks at several inherent and residual cells (one not
 * assessed), internal audits with findings, nonconformities with corrective actions, two crosswalks,
 * twenty chained audit events, and evidence files written to `dir` (awkward names included: accents,
 * spaces, a path traversal attempt, a formula). Text with HTML and CSV formula payloads checks escaping.
 */
export async function packFixture(dir: string, overrides: Partial<PackContent> = {}): Promise<PackFixture> {
  const evidenceDir = join(dir, 'storage');
  await mkdir(evidenceDir, { recursive: true });
  const specs: EvidenceSpec[] = [
    {
      item: 1,
      version: 2,
      title: 'AI policy',
      name: 'AI policy v2 (signed) é.pdf',
      mediaType: 'application/pdf',
      ref: '5.2',
      requirementUrns: [req('iso-iec-42001-2023', '5.2'), req('iso-iec-42001-2023', 'A.2.2')],
      data: bytes('policy', 48_000),
    },
    {
      item: 2,
      version: 1,
      title: 'Risk assessment report',
      name: 'risk-report.docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ref: '6.1.2',
      requirementUrns: [req('iso-iec-42001-2023', '6.1.2')],
      data: bytes('report', 2 * 1024 * 1024 + 17),
    },
    {
      item: 3,
      version: 1,
      title: 'Model card <b>CV screener</b>',
      name: '../../etc/passwd',
      mediaType: 'text/plain',
      ref: 'A.6.2.2',
      requirementUrns: [req('iso-iec-42001-2023', 'A.6.2.2')],
      data: Buffer.from('model card\n'),
    },
    {
      item: 4,
      version: 3,
      title: 'Bias test results',
      name: '=HYPERLINK("http://evil")',
      mediaType: 'text/csv',
      ref: 'A.7.4',
      requirementUrns: [req('iso-iec-42001-2023', 'A.7.4'), req('eu-ai-act-2024-1689', 'art-10')],
      data: Buffer.from('group,rate\r\na,0.91\r\nb,0.89\r\n'),
    },
    {
      item: 5,
      version: 1,
      title: 'Empty attestation',
      name: 'empty.txt',
      mediaType: 'text/plain',
      ref: 'A.2.2',
      requirementUrns: [req('iso-iec-42001-2023', 'A.2.2')],
      data: Buffer.alloc(0),
    },
  ];
  const evidence: PackEvidenceFile[] = [];
  for (const s of specs) {
    const file = join(evidenceDir, `${s.item}-${s.version}`);
    await writeFile(file, s.data);
    evidence.push({
      itemId: id(s.item),
      title: s.title,
      kind: 'DOCUMENT',
      status: 'ACCEPTED',
      version: s.version,
      sha256: createHash('sha256').update(s.data).digest('hex'),
      size: s.data.length,
      mediaType: s.mediaType,
      originalName: s.name,
      uploadedAt: '2026-02-01T09:00:00.000Z',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: s.item === 2 ? null : '2027-01-01T00:00:00.000Z',
      reviewerName: 'Rita Reviewer',
      reviewedAt: '2026-02-02T09:00:00.000Z',
      requirementUrns: s.requirementUrns,
      primaryRequirementRef: s.ref,
      open: async () => createReadStream(file),
    });
  }

  const score = (likelihood: number, consequence: number) => {
    const level = GRID[likelihood - 1][consequence - 1];
    return { likelihood, consequence, level, levelLabel: LEVELS[level] };
  };
  const risk = (
    n: number,
    title: string,
    inherent: [number, number] | null,
    residual: [number, number] | null,
    extra: Partial<PackRisk> = {},
  ): PackRisk => ({
    id: id(100 + n),
    title,
    description: `Description of ${title}`,
    status: residual ? 'MONITORING' : inherent ? 'EVALUATED' : 'IDENTIFIED',
    ownerName: 'Olga Owner',
    aiSystemNames: ['CV screener'],
    riskSourceUrns: [req('iso-iec-23894-2023', 'b.5.data-quality')],
    taxonomyUrns: [req('tc260-1.0', 'inherent.model.bias')],
    inherent: inherent ? score(...inherent) : null,
    residual: residual ? score(...residual) : null,
    treatmentOption: residual ? 'MODIFY' : null,
    controlUrns: residual ? [req('iso-iec-42001-2023', 'A.7.4')] : [],
    acceptance: null,
    nextReviewAt: '2026-09-01T00:00:00.000Z',
    lastAssessedAt: inherent ? '2026-03-01T00:00:00.000Z' : null,
    ...extra,
  });
  const risks = [
    risk(1, 'Gender bias in ranking', [4, 4], [2, 3]),
    risk(2, 'Training data leakage', [4, 4], [2, 2]),
    risk(3, '=cmd|" /C calc"!A0 injection', [3, 5], [3, 2]),
    risk(4, 'Model drift <script>alert(1)</script>', [2, 3], null),
    risk(5, 'Supplier outage', [5, 5], [2, 3], {
      status: 'ACCEPTED',
      acceptance: {
        acceptedBy: 'Carla CEO',
        acceptedAt: '2026-03-05T00:00:00.000Z',
        expiresAt: '2026-12-31T00:00:00.000Z',
        rationale: 'Second supplier contracted',
      },
    }),
    risk(6, 'Unassessed prompt injection', null, null),
  ];
  const audit = auditEvents(5, 20);

  const content: PackContent = {
    packId: '7d1f4c2e-3b5a-5e6f-8a9b-0c1d2e3f4a5b',
    organisation: { id: ORG, name: 'Acme AI & Sons <Ltd>' },
    scope: {
      cycleId: CYCLE,
      frameworkUrns: [FW_42001, FW_EU, FW_RMF],
      periodStart: '2026-01-01T00:00:00.000Z',
      periodEnd: '2026-12-31T23:59:59.000Z',
      asOf: '2026-06-30T12:34:56.000Z',
      includeEvidenceFiles: true,
    },
    generator: { name: 'aims', version: '0.1.0' },
    cycle: {
      id: CYCLE,
      name: 'AIMS FY2026',
      phase: 'CHECK',
      periodStart: '2026-01-01T00:00:00.000Z',
      periodEnd: '2026-12-31T23:59:59.000Z',
      scopeStatement: 'All AI systems used in recruitment',
      aiSystems: [
        { id: id(201), name: 'CV screener', euAiActTier: 'HIGH', tc260Grade: 'G3' },
        { id: id(202), name: 'Chat assistant', euAiActTier: 'LIMITED', tc260Grade: null },
      ],
    },
    coverage: [
      {
        frameworkUrn: FW_42001,
        frameworkName: 'ISO/IEC 42001:2023',
        version: '2023',
        counts: { full: 3, partial: 1, none: 1, notApplicable: 1 },
        requirements: [
          cov('iso-iec-42001-2023', '5.2', 'AI policy', 'FULL', [id(1)]),
          cov('iso-iec-42001-2023', '6.1.2', 'AI risk assessment', 'FULL', [id(2)]),
          cov('iso-iec-42001-2023', 'A.6.2.2', 'AI system requirements and specification', 'FULL', [id(3)]),
          cov('iso-iec-42001-2023', 'A.7.4', 'Quality of data for AI systems', 'PARTIAL', [id(4)]),
          cov('iso-iec-42001-2023', 'A.10.3', 'Suppliers', 'NONE', []),
          cov('iso-iec-42001-2023', 'A.10.4', 'Customers', 'NOT_APPLICABLE', []),
        ],
      },
      {
        frameworkUrn: FW_EU,
        frameworkName: 'EU AI Act (Regulation (EU) 2024/1689)',
        version: null,
        counts: { full: 0, partial: 1, none: 1, notApplicable: 0 },
        requirements: [
          {
            ...cov('eu-ai-act-2024-1689', 'art-10', 'Data and data governance', 'PARTIAL', [id(4)]),
            justificationPath: [
              {
                requirementUrn: req('iso-iec-42001-2023', 'A.7.4'),
                relationship: 'INTERSECT',
                status: 'PARTIAL',
              },
            ],
          },
          cov('eu-ai-act-2024-1689', 'art-49', 'Registration', 'NONE', []),
        ],
      },
      {
        frameworkUrn: FW_RMF,
        frameworkName: 'NIST AI RMF 1.0',
        version: '1.0',
        counts: { full: 1, partial: 0, none: 0, notApplicable: 0 },
        requirements: [
          {
            ...cov('nist-ai-rmf-1.0', 'GV-1.1', 'Legal and regulatory requirements', 'FULL', [id(1)]),
            justificationPath: [
              { requirementUrn: req('iso-iec-42001-2023', '5.2'), relationship: 'EQUAL', status: 'FULL' },
            ],
          },
        ],
      },
    ],
    checklist: [
      {
        clauseUrn: req('iso-iec-42001-2023', '4.1'),
        refId: '4.1',
        title: 'Understanding the organization',
        pdcaPhase: 'PLAN',
        status: 'IMPLEMENTED',
        ownerName: 'Olga Owner',
        notes: null,
      },
      {
        clauseUrn: req('iso-iec-42001-2023', '6.1.2'),
        refId: '6.1.2',
        title: 'AI risk assessment',
        pdcaPhase: 'PLAN',
        status: 'IN_PROGRESS',
        ownerName: null,
        notes: 'Two systems left, "soon"',
      },
      {
        clauseUrn: req('iso-iec-42001-2023', '9.2'),
        refId: '9.2',
        title: 'Internal audit',
        pdcaPhase: 'CHECK',
        status: 'NOT_APPLICABLE',
        ownerName: null,
        notes: null,
      },
    ],
    soa: [
      {
        controlUrn: req('iso-iec-42001-2023', 'A.2.2'),
        refId: 'A.2.2',
        title: 'AI policy',
        applicable: true,
        justification: 'Required by 5.2',
        implementationStatus: 'IMPLEMENTED',
        evidenceItemIds: [id(1), id(5)],
        riskIds: [],
      },
      {
        controlUrn: req('iso-iec-42001-2023', 'A.6.2.2'),
        refId: 'A.6.2.2',
        title: 'AI system requirements',
        applicable: true,
        justification: null,
        implementationStatus: 'IMPLEMENTED',
        evidenceItemIds: [id(3)],
        riskIds: [id(104)],
      },
      {
        controlUrn: req('iso-iec-42001-2023', 'A.7.4'),
        refId: 'A.7.4',
        title: 'Quality of data',
        applicable: true,
        justification: '+ data quality, needed',
        implementationStatus: 'IN_PROGRESS',
        evidenceItemIds: [id(4)],
        riskIds: [id(101), id(103)],
      },
      {
        controlUrn: req('iso-iec-42001-2023', 'A.10.4'),
        refId: 'A.10.4',
        title: 'Customers',
        applicable: false,
        justification: 'No external customers',
        implementationStatus: 'NOT_STARTED',
        evidenceItemIds: [],
        riskIds: [],
      },
      {
        controlUrn: req('iso-iec-42001-2023', 'A.10.3'),
        refId: 'A.10.3',
        title: 'Suppliers',
        applicable: null,
        justification: null,
        implementationStatus: 'NOT_STARTED',
        evidenceItemIds: [],
        riskIds: [],
      },
    ],
    riskCriteria: {
      likelihoodLabels: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
      consequenceLabels: ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'],
      levelLabels: LEVELS,
      grid: GRID,
      appetiteLevel: 1,
    },
    risks,
    internalAudits: [
      {
        id: id(301),
        title: 'Q2 internal audit',
        status: 'COMPLETED',
        plannedAt: '2026-05-01T00:00:00.000Z',
        completedAt: '2026-05-20T00:00:00.000Z',
        findings: [
          {
            id: id(311),
            kind: 'MINOR_NONCONFORMITY',
            description: 'Data quality checks not recorded for one system',
            requirementUrns: [req('iso-iec-42001-2023', 'A.7.4')],
            recordedAt: '2026-05-10T00:00:00.000Z',
          },
          {
            id: id(312),
            kind: 'OPPORTUNITY',
            description: 'Automate the bias tests',
            requirementUrns: [],
            recordedAt: '2026-05-11T00:00:00.000Z',
          },
        ],
      },
      {
        id: id(302),
        title: 'Q4 internal audit',
        status: 'PLANNED',
        plannedAt: '2026-11-01T00:00:00.000Z',
        completedAt: null,
        findings: [],
      },
    ],
    nonconformities: [
      {
        id: id(401),
        title: 'Data quality checks missing',
        severity: 'MINOR',
        status: 'OPEN',
        source: 'AUDIT_FINDING',
        rootCause: 'No owner for data quality',
        raisedAt: '2026-05-12T00:00:00.000Z',
        correctiveActions: [
          {
            id: id(411),
            description: 'Name a data steward',
            ownerName: 'Olga Owner',
            dueAt: '2026-06-01T00:00:00.000Z',
            status: 'COMPLETED',
            completedAt: '2026-05-28T00:00:00.000Z',
            effective: true,
          },
          {
            id: id(412),
            description: '@SUM(A1:A2) checklist for each release',
            ownerName: null,
            dueAt: '2026-07-01T00:00:00.000Z',
            status: 'OPEN',
            completedAt: null,
            effective: null,
          },
        ],
      },
      {
        id: id(402),
        title: 'Incident response drill skipped',
        severity: 'MAJOR',
        status: 'OPEN',
        source: 'INCIDENT',
        rootCause: null,
        raisedAt: '2026-06-01T00:00:00.000Z',
        correctiveActions: [],
      },
    ],
    managementReviews: [
      {
        id: id(501),
        heldAt: '2026-04-15T00:00:00.000Z',
        attendees: ['Carla CEO', 'Olga Owner'],
        decisions: ['Fund a data steward', 'Keep appetite at Medium'],
      },
    ],
    evidence,
    mappingSets: [
      {
        id: id(601),
        name: 'NIST AI RMF 1.0 ↔ ISO/IEC 42001:2023',
        slug: 'nist-ai-rmf-to-iso-42001',
        sourceFrameworkUrn: FW_RMF,
        targetFrameworkUrn: FW_42001,
        provenance: 'Microsoft, hosted by the NIST AI Resource Center',
        mappings: [
          {
            sourceUrn: req('nist-ai-rmf-1.0', 'GV-1.1'),
            targetUrn: req('iso-iec-42001-2023', '5.2'),
            relationship: 'EQUAL',
            rationale: null,
            strength: null,
          },
          {
            sourceUrn: req('nist-ai-rmf-1.0', 'GV-1.1'),
            targetUrn: req('iso-iec-42001-2023', '4.1'),
            relationship: 'RELATED',
            rationale: 'Listed together',
            strength: 0.5,
          },
        ],
      },
      {
        id: id(602),
        name: 'ISO/IEC 42001 Annex A → EU AI Act',
        slug: 'iso-42001-to-eu-ai-act',
        sourceFrameworkUrn: FW_42001,
        targetFrameworkUrn: FW_EU,
        provenance: null,
        mappings: [
          {
            sourceUrn: req('iso-iec-42001-2023', 'A.7.4'),
            targetUrn: req('eu-ai-act-2024-1689', 'art-10'),
            relationship: 'INTERSECT',
            rationale: 'Data quality',
            strength: null,
          },
        ],
      },
    ],
    auditEvents: async function* () {
      yield* audit.events;
    },
    auditChainStart: audit.start,
    ...overrides,
  };
  return { content, ...testSigner(), evidenceDir };
}

const LEVELS = ['Low', 'Medium', 'High', 'Critical'];
const GRID = [
  [0, 0, 0, 1, 1],
  [0, 0, 1, 1, 2],
  [0, 1, 1, 2, 2],
  [1, 1, 2, 2, 3],
  [1, 2, 2, 3, 3],
];

function cov(
  fw: string,
  ref: string,
  title: string,
  status: 'FULL' | 'PARTIAL' | 'NONE' | 'NOT_APPLICABLE',
  evidenceItemIds: string[],
) {
  return {
    urn: req(fw, ref),
    refId: ref,
    title,
    status,
    reason: evidenceItemIds.length ? `${evidenceItemIds.length} accepted evidence` : 'no evidence',
    justificationPath: [],
    evidenceItemIds,
  };
}
