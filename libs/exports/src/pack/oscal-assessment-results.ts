import { PackContent, PackRisk, PackRiskScore } from './pack-content';
import { uuidV5 } from './uuid';
import {
  AIMS_OSCAL_NS,
  NIST_NS,
  OSCAL_VERSION,
  PlacedEvidence,
  Json,
  encodePath,
  token,
  line,
  text,
  props,
  nonEmpty,
  compact,
  groupBy,
} from './oscal-common';

/**
 * OSCAL 1.2.1 Assessment Results for the cycle: one result whose observations are the SoA entries, the
 * clause checklist and the internal audits with their findings; whose findings are the SoA and checklist
 * statuses and the audit nonconformities; whose risks are the register with inherent and residual
 * characterizations. Evidence versions are back-matter resources carrying their SHA-256, linked from
 * the observations they support. Every UUID is derived from the pack id and the subject (UUIDv5).
 */
export function buildAssessmentResults(content: PackContent, evidence: PlacedEvidence[]): Json {
  const u = (name: string) => uuidV5(`${content.packId}:ar:${name}`);
  const orgParty = u(`party:${content.organisation.id}`);
  const resourceOf = (e: PlacedEvidence) => u(`evidence:${e.file.itemId}:${e.file.version}`);
  const evidenceByItem = groupBy(evidence, (e) => e.file.itemId);
  const relevantEvidence = (itemIds: string[]) =>
    itemIds.flatMap((id) =>
      (evidenceByItem.get(id) ?? []).map((e) => ({
        href: `#${resourceOf(e)}`,
        description: `${e.file.title} (version ${e.file.version})`,
      })),
    );
  const asOf = content.scope.asOf;

  const observations: Json[] = [];
  const findings: Json[] = [];

  for (const entry of content.soa) {
    const observation = u(`observation:soa:${entry.controlUrn}`);
    const applicable = entry.applicable === null ? 'undecided' : entry.applicable ? 'yes' : 'no';
    observations.push(
      compact({
        uuid: observation,
        title: line(`Statement of Applicability ${entry.refId} ${entry.title}`),
        description: `Applicable: ${applicable}. Implementation: ${entry.implementationStatus}.${
          entry.justification ? ` Justification: ${entry.justification}` : ''
        }`,
        props: props([
          ['control-urn', entry.controlUrn],
          ['ref-id', entry.refId],
          ['applicable', applicable],
          ['implementation-status', entry.implementationStatus],
        ]),
        methods: ['EXAMINE'],
        types: ['control-objective'],
        'relevant-evidence': nonEmpty(relevantEvidence(entry.evidenceItemIds)),
        collected: asOf,
      }),
    );
    if (entry.applicable === false) continue;
    const implemented = entry.implementationStatus === 'IMPLEMENTED';
    findings.push(
      objectiveFinding({
        uuid: u(`finding:soa:${entry.controlUrn}`),
        title: line(`${entry.refId} ${entry.title}`),
        description: implemented
          ? 'The control is implemented according to the Statement of Applicability.'
          : `The control is not implemented yet (${entry.implementationStatus}).`,
        objectiveUrn: entry.controlUrn,
        implemented,
        observation,
      }),
    );
  }

  for (const item of content.checklist) {
    const observation = u(`observation:checklist:${item.clauseUrn}`);
    observations.push(
      compact({
        uuid: observation,
        title: line(`Clause ${item.refId} ${item.title}`),
        description: `Checklist status: ${item.status}.${item.notes ? ` Notes: ${item.notes}` : ''}`,
        props: props([
          ['clause-urn', item.clauseUrn],
          ['ref-id', item.refId],
          ['pdca-phase', item.pdcaPhase],
          ['status', item.status],
          ['owner', item.ownerName],
        ]),
        methods: ['EXAMINE'],
        types: ['control-objective'],
        collected: asOf,
      }),
    );
    if (item.status === 'NOT_APPLICABLE') continue;
    const implemented = item.status === 'IMPLEMENTED';
    findings.push(
      objectiveFinding({
        uuid: u(`finding:checklist:${item.clauseUrn}`),
        title: line(`Clause ${item.refId} ${item.title}`),
        description: implemented
          ? 'The clause is implemented.'
          : `The clause is not implemented yet (${item.status}).`,
        objectiveUrn: item.clauseUrn,
        implemented,
        observation,
      }),
    );
  }

  for (const audit of content.internalAudits) {
    observations.push(
      compact({
        uuid: u(`observation:audit:${audit.id}`),
        title: line(`Internal audit ${audit.title}`),
        description: `Internal audit (${audit.status}) with ${audit.findings.length} finding(s).`,
        props: props([
          ['internal-audit-id', audit.id],
          ['status', audit.status],
          ['planned-at', audit.plannedAt],
          ['completed-at', audit.completedAt],
        ]),
        methods: ['EXAMINE', 'INTERVIEW'],
        types: ['historic'],
        collected: audit.completedAt ?? audit.plannedAt ?? asOf,
      }),
    );
    for (const finding of audit.findings) {
      const observation = u(`observation:audit-finding:${finding.id}`);
      observations.push({
        uuid: observation,
        title: line(`${finding.kind} in ${audit.title}`),
        description: finding.description,
        props: props([
          ['internal-audit-id', audit.id],
          ['finding-id', finding.id],
          ['kind', finding.kind],
          ...finding.requirementUrns.map((urn): [string, string] => ['requirement-urn', urn]),
        ]),
        methods: ['EXAMINE'],
        types: ['finding'],
        collected: finding.recordedAt,
      });
      if (!finding.kind.endsWith('NONCONFORMITY')) continue;
      findings.push({
        uuid: u(`finding:audit-finding:${finding.id}`),
        title: line(`${finding.kind} in ${audit.title}`),
        description: finding.description,
        props: props([['kind', finding.kind]]),
        target: {
          type: 'objective-id',
          'target-id': token(finding.requirementUrns[0] ?? `audit-finding-${finding.id}`),
          status: { state: 'not-satisfied', reason: 'fail' },
        },
        'related-observations': [{ 'observation-uuid': observation }],
      });
    }
  }

  const applicable = content.soa.filter((e) => e.applicable !== false);
  const excluded = content.soa.filter((e) => e.applicable === false);
  const selection = compact({
    ...(applicable.length
      ? { 'include-controls': applicable.map((e) => ({ 'control-id': token(e.controlUrn) })) }
      : { 'include-all': {} }),
    'exclude-controls': nonEmpty(excluded.map((e) => ({ 'control-id': token(e.controlUrn) }))),
  });

  const result = compact({
    uuid: u('result'),
    title: line(`PDCA cycle ${content.cycle.name}`),
    description: `Status of the AI management system of ${content.organisation.name} for the cycle "${content.cycle.name}" (${content.cycle.phase}), period ${content.scope.periodStart} to ${content.scope.periodEnd}, as of ${asOf}.`,
    start: content.scope.periodStart,
    end: content.scope.periodEnd,
    props: props([
      ['cycle-id', content.cycle.id],
      ['cycle-phase', content.cycle.phase],
      ['as-of', asOf],
      ...content.scope.frameworkUrns.map((urn): [string, string] => ['framework-urn', urn]),
      ...content.cycle.aiSystems.map((s): [string, string] => ['ai-system', s.name]),
    ]),
    'reviewed-controls': { 'control-selections': [selection] },
    observations: nonEmpty(observations),
    risks: nonEmpty(content.risks.map((risk) => oscalRisk(content, risk, u, orgParty))),
    findings: nonEmpty(findings),
  });

  return {
    'assessment-results': compact({
      uuid: u('document'),
      metadata: {
        title: line(`Evidence pack of ${content.organisation.name}: ${content.cycle.name}`),
        published: asOf,
        'last-modified': asOf,
        version: content.packId,
        'oscal-version': OSCAL_VERSION,
        props: props([
          ['pack-id', content.packId],
          ['generator', `${content.generator.name} ${content.generator.version}`],
        ]),
        parties: [
          {
            uuid: orgParty,
            type: 'organization',
            name: text(content.organisation.name) ?? content.organisation.id,
          },
        ],
      },
      'import-ap': {
        href: `urn:aims:cycle:${content.cycle.id}`,
        remarks: 'The assessment plan is the AIMS PDCA cycle itself; it has no separate OSCAL document.',
      },
      results: [result],
      'back-matter': evidence.length
        ? { resources: evidence.map((e) => resource(e, resourceOf(e))) }
        : undefined,
    }),
  };
}

// ISO/IEC 23894 process stage → OSCAL risk status.
const RISK_STATUS: Record<string, string> = {
  IDENTIFIED: 'open',
  ANALYSED: 'investigating',
  EVALUATED: 'investigating',
  TREATING: 'remediating',
  MONITORING: 'open',
  ACCEPTED: 'deviation-approved',
  CLOSED: 'closed',
};

function oscalRisk(
  content: PackContent,
  risk: PackRisk,
  u: (name: string) => string,
  orgParty: string,
): Json {
  const criteria = content.riskCriteria;
  const characterization = (kind: string, score: PackRiskScore) => ({
    props: props([['assessment', kind]]),
    origin: { actors: [{ type: 'party', 'actor-uuid': orgParty }] },
    facets: [
      {
        name: 'likelihood',
        system: NIST_NS,
        value: text(criteria.likelihoodLabels[score.likelihood - 1]) ?? `${score.likelihood}`,
      },
      {
        name: 'impact',
        system: NIST_NS,
        value: text(criteria.consequenceLabels[score.consequence - 1]) ?? `${score.consequence}`,
      },
      { name: 'risk', system: NIST_NS, value: text(score.levelLabel) ?? `${score.level}` },
      { name: 'likelihood-score', system: AIMS_OSCAL_NS, value: `${score.likelihood}` },
      { name: 'consequence-score', system: AIMS_OSCAL_NS, value: `${score.consequence}` },
      { name: 'level', system: AIMS_OSCAL_NS, value: `${score.level}` },
    ],
  });
  const characterizations = [
    risk.inherent ? characterization('inherent', risk.inherent) : null,
    risk.residual ? characterization('residual', risk.residual) : null,
  ].filter((c) => c !== null);
  const lifecycle =
    risk.status === 'MONITORING' ? 'completed' : risk.status === 'TREATING' ? 'planned' : 'recommendation';
  return compact({
    uuid: u(`risk:${risk.id}`),
    title: line(risk.title),
    description: risk.description ?? risk.title,
    statement: risk.description ?? risk.title,
    props: props([
      ['risk-id', risk.id],
      ['aims-status', risk.status],
      ['owner', risk.ownerName],
      ['treatment-option', risk.treatmentOption],
      ...risk.aiSystemNames.map((n): [string, string] => ['ai-system', n]),
      ...risk.riskSourceUrns.map((n): [string, string] => ['risk-source-urn', n]),
      ...risk.taxonomyUrns.map((n): [string, string] => ['taxonomy-urn', n]),
      ...risk.controlUrns.map((n): [string, string] => ['control-urn', n]),
    ]),
    status: RISK_STATUS[risk.status] ?? 'open',
    characterizations: nonEmpty(characterizations),
    deadline: risk.nextReviewAt ?? undefined,
    remediations: risk.treatmentOption
      ? [
          compact({
            uuid: u(`risk:${risk.id}:treatment`),
            lifecycle,
            title: line(`Treatment: ${risk.treatmentOption}`),
            description: risk.acceptance
              ? `Accepted by ${risk.acceptance.acceptedBy} at ${risk.acceptance.acceptedAt}: ${risk.acceptance.rationale}`
              : `Treatment option ${risk.treatmentOption}${risk.controlUrns.length ? ` with controls ${risk.controlUrns.join(', ')}` : ''}.`,
          }),
        ]
      : undefined,
  });
}

function resource(e: PlacedEvidence, uuid: string): Json {
  const f = e.file;
  return compact({
    uuid,
    title: line(`${f.title} (version ${f.version})`),
    props: props([
      ['evidence-item-id', f.itemId],
      ['version', `${f.version}`],
      ['kind', f.kind],
      ['status', f.status],
      ['original-name', f.originalName],
      ['sha256', f.sha256],
      ['valid-from', f.validFrom],
      ['valid-until', f.validUntil],
      ['reviewer', f.reviewerName],
      ['reviewed-at', f.reviewedAt],
      ...f.requirementUrns.map((urn): [string, string] => ['requirement-urn', urn]),
    ]),
    rlinks: e.path
      ? [
          {
            href: `../${encodePath(e.path)}`,
            'media-type': text(f.mediaType),
            hashes: [{ algorithm: 'SHA-256', value: f.sha256 }],
          },
        ].map(compact)
      : undefined,
    remarks: e.path ? undefined : 'The file is not included in this pack (requested without evidence files).',
  });
}

// AIMS relationship → OSCAL 1.2 mapping relationship (NIST IR 8477 set theory). RELATED claims no set
// relation, so it stays ours, qualified by the AIMS namespace.

/** A finding on a control objective (an SoA control or a clause): satisfied when it is implemented. */
function objectiveFinding(f: {
  uuid: string;
  title: string;
  description: string;
  objectiveUrn: string;
  implemented: boolean;
  observation: string;
}) {
  return {
    uuid: f.uuid,
    title: f.title,
    description: f.description,
    target: {
      type: 'objective-id',
      'target-id': token(f.objectiveUrn),
      status: {
        state: f.implemented ? 'satisfied' : 'not-satisfied',
        reason: f.implemented ? 'pass' : 'fail',
      },
    },
    'related-observations': [{ 'observation-uuid': f.observation }],
  };
}
