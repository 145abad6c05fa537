import { PdcaPhase } from '@aims/catalog';
import { UnmetCriterion } from '@aims/platform';
import { EuAiActTier, Tc260Grade } from '@aims/ai-systems';
import { RiskStatus } from '@aims/risks';
import { NonconformitySeverity, NonconformityStatus } from '../nonconformity/nonconformity.enums';
import { FindingType, InternalAuditStatus } from '../internal-audit/internal-audit.enums';
import { CyclePhase, NEXT_PHASE } from './cycle.enums';
import { ChecklistStatus } from '../checklist/checklist.enums';
import { SoADecision, SoAGap, soaGap } from '../soa/soa-decision';

/**
 * Phase gates of a PDCA cycle (criteria in libs/cycles/README.md, each citing its ISO/IEC 42001 clause). Pure: the service reads the facts, this decides. Every
 * unmet criterion is reported, with the entity to act on, so one answer tells the whole to-do list.
 */
export enum GateCode {
  CYCLE_CLOSED = 'CYCLE_CLOSED',
  NOT_NEXT_PHASE = 'NOT_NEXT_PHASE',
  SCOPE_UNDEFINED = 'SCOPE_UNDEFINED',
  PLAN_CLAUSE_OPEN = 'PLAN_CLAUSE_OPEN',
  AI_SYSTEM_WITHOUT_EVALUATED_RISK = 'AI_SYSTEM_WITHOUT_EVALUATED_RISK',
  SOA_ENTRY_UNDECIDED = 'SOA_ENTRY_UNDECIDED',
  SOA_ENTRY_NOT_CONFIRMED = 'SOA_ENTRY_NOT_CONFIRMED',
  SOA_IMPLEMENTATION_STATUS_MISSING = 'SOA_IMPLEMENTATION_STATUS_MISSING',
  RISK_ABOVE_APPETITE_UNTREATED = 'RISK_ABOVE_APPETITE_UNTREATED',
  DO_CLAUSE_OPEN = 'DO_CLAUSE_OPEN',
  AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT = 'AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT',
  INTERNAL_AUDIT_MISSING = 'INTERNAL_AUDIT_MISSING',
  INTERNAL_AUDIT_NOT_COMPLETED = 'INTERNAL_AUDIT_NOT_COMPLETED',
  MANAGEMENT_REVIEW_MISSING = 'MANAGEMENT_REVIEW_MISSING',
  MAJOR_FINDING_WITHOUT_NONCONFORMITY = 'MAJOR_FINDING_WITHOUT_NONCONFORMITY',
  MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION = 'MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION',
  NONCONFORMITY_NOT_EVALUATED = 'NONCONFORMITY_NOT_EVALUATED',
}

export interface GateFacts {
  cycle: { id: string; phase: CyclePhase; scopeStatement: string | null; aiSystemIds: string[] };
  /** The in-scope AI systems, with what decides whether they need an approved impact assessment. */
  aiSystems: {
    id: string;
    name: string;
    tier: EuAiActTier | null;
    grade: Tc260Grade | null;
    hasApprovedImpactAssessment: boolean;
  }[];
  checklist: { id: string; refId: string; title: string; phase: PdcaPhase; status: ChecklistStatus }[];
  soa: ({ id: string; refId: string; title: string } & SoADecision)[];
  /** The organisation's risks that are not CLOSED, with their AI systems. */
  risks: { id: string; title: string; status: RiskStatus; aboveAppetite: boolean; aiSystemIds: string[] }[];
  audits: { id: string; title: string; status: InternalAuditStatus }[];
  managementReviews: number;
  findings: { id: string; type: FindingType; description: string; hasNonconformity: boolean }[];
  nonconformities: {
    id: string;
    severity: NonconformitySeverity;
    status: NonconformityStatus;
    description: string;
    correctiveActions: number;
    /** 42001 10.2 b): the evaluation found no action needed, and why. */
    noActionReason: string | null;
  }[];
}

export interface GateResult {
  from: CyclePhase;
  to: CyclePhase | null;
  met: boolean;
  unmet: UnmetCriterion[];
}

/** Statuses at which a risk has been evaluated (ISO/IEC 23894 6.4.4) or gone beyond. */
export const EVALUATED_OR_LATER: readonly RiskStatus[] = [
  RiskStatus.EVALUATED,
  RiskStatus.TREATING,
  RiskStatus.MONITORING,
  RiskStatus.ACCEPTED,
];

/** Statuses an above-appetite risk must reach before CHECK: treatment is under way or retention decided. */
export const TREATED: readonly RiskStatus[] = [
  RiskStatus.TREATING,
  RiskStatus.MONITORING,
  RiskStatus.ACCEPTED,
];

/**
 * The risks a cycle answers for: those of its in-scope AI systems, plus organisation-level risks linked
 * to no AI system (risks of the AIMS itself). Risks only of systems outside the scope are left out.
 */
export function risksInScope(facts: Pick<GateFacts, 'cycle' | 'risks'>): GateFacts['risks'] {
  const scope = new Set(facts.cycle.aiSystemIds);
  return facts.risks.filter((r) => r.aiSystemIds.length === 0 || r.aiSystemIds.some((id) => scope.has(id)));
}

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

type Check = (facts: GateFacts) => UnmetCriterion[];

/** 42001 4.3: the scope is an AI system list, a statement of boundaries, or both. */
const scopeDefined: Check = ({ cycle }) =>
  cycle.aiSystemIds.length > 0 || cycle.scopeStatement?.trim()
    ? []
    : [
        {
          code: GateCode.SCOPE_UNDEFINED,
          message:
            'The AIMS scope is not defined: put at least one AI system in scope or write a scope statement (42001 4.3)',
          entityType: 'Cycle',
          entityId: cycle.id,
        },
      ];

/** 42001 clauses 4-10 are all mandatory: a clause of the phase is IMPLEMENTED, never "not applicable". */
const clausesDone =
  (phase: PdcaPhase, code: GateCode, rule: string): Check =>
  ({ checklist }) =>
    checklist
      .filter((i) => i.phase === phase && i.status !== ChecklistStatus.IMPLEMENTED)
      .map((i) => ({
        code,
        message: `Clause ${i.refId} ${i.title} is ${i.status}: ${rule}`,
        entityType: 'ChecklistItem',
        entityId: i.id,
      }));

const planClausesDone = clausesDone(
  PdcaPhase.PLAN,
  GateCode.PLAN_CLAUSE_OPEN,
  'Plan clauses (4-6) must be IMPLEMENTED',
);

/** 42001 7 and 8: support in place and operation (8.1-8.4) performed before performance is evaluated. */
const doClausesDone = clausesDone(
  PdcaPhase.DO,
  GateCode.DO_CLAUSE_OPEN,
  'Do clauses (7 support, 8.1-8.4 operation) must be IMPLEMENTED before CHECK (42001 8)',
);

/** Grades from which a TC260 grading calls for an impact assessment. */
export const IMPACT_ASSESSMENT_GRADES: readonly Tc260Grade[] = [
  Tc260Grade.HIGH,
  Tc260Grade.VERY_HIGH,
  Tc260Grade.EXTREMELY_SEVERE,
];

/** An AI system that is EU AI Act high-risk or graded TC260 HIGH or above needs an impact assessment. */
export const needsImpactAssessment = (s: { tier: EuAiActTier | null; grade: Tc260Grade | null }): boolean =>
  s.tier === EuAiActTier.HIGH_RISK || (s.grade !== null && IMPACT_ASSESSMENT_GRADES.includes(s.grade));

/** 42001 8.4 / 6.1.4: every in-scope AI system that needs one has an approved impact assessment. */
const impactAssessed: Check = ({ aiSystems }) =>
  aiSystems
    .filter((s) => needsImpactAssessment(s) && !s.hasApprovedImpactAssessment)
    .map((s) => ({
      code: GateCode.AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT,
      message: `AI system "${s.name}" is ${s.tier === EuAiActTier.HIGH_RISK ? 'EU AI Act HIGH_RISK' : `TC260 grade ${s.grade}`} and has no approved impact assessment (42001 8.4)`,
      entityType: 'AISystem',
      entityId: s.id,
    }));

/** 42001 6.1.2 / 8.2: every AI system in scope has had its risks assessed and evaluated. */
const systemsAssessed: Check = ({ cycle, aiSystems, risks }) => {
  const names = new Map(aiSystems.map((s) => [s.id, s.name]));
  return cycle.aiSystemIds
    .filter((id) => !risks.some((r) => r.aiSystemIds.includes(id) && EVALUATED_OR_LATER.includes(r.status)))
    .map((id) => ({
      code: GateCode.AI_SYSTEM_WITHOUT_EVALUATED_RISK,
      message: `AI system "${names.get(id) ?? id}" has no risk at EVALUATED or later (42001 6.1.2)`,
      entityType: 'AISystem',
      entityId: id,
    }));
};

const SOA_GAPS: Record<SoAGap, { code: GateCode; message: (refId: string, title: string) => string }> = {
  UNDECIDED: {
    code: GateCode.SOA_ENTRY_UNDECIDED,
    message: (refId, title) =>
      `Control ${refId} ${title}: applicability not decided with a justification (42001 6.1.3)`,
  },
  NOT_CONFIRMED: {
    code: GateCode.SOA_ENTRY_NOT_CONFIRMED,
    message: (refId) =>
      `Control ${refId}: the decision carried over from the previous cycle is not confirmed`,
  },
  NO_IMPLEMENTATION_STATUS: {
    code: GateCode.SOA_IMPLEMENTATION_STATUS_MISSING,
    message: (refId) => `Control ${refId} is applicable but has no implementation status (42001 6.1.3)`,
  },
};

const soaComplete: Check = ({ soa }) =>
  soa.flatMap((e) => {
    const gap = soaGap(e);
    if (!gap) return [];
    return [
      {
        code: SOA_GAPS[gap].code,
        message: SOA_GAPS[gap].message(e.refId, e.title),
        entityType: 'SoAEntry',
        entityId: e.id,
      },
    ];
  });

/** 42001 6.1.3 / 8.3: a risk above the appetite is being treated, or retained by an explicit decision. */
const aboveAppetiteTreated: Check = (facts) =>
  risksInScope(facts)
    .filter((r) => r.aboveAppetite && !TREATED.includes(r.status))
    .map((r) => ({
      code: GateCode.RISK_ABOVE_APPETITE_UNTREATED,
      message: `Risk "${r.title}" is above the risk appetite and ${r.status}: it must be TREATING, MONITORING or ACCEPTED (42001 8.3)`,
      entityType: 'Risk',
      entityId: r.id,
    }));

/** 42001 9.2: at least one internal audit of the cycle is completed. */
const auditCompleted: Check = ({ cycle, audits }) => {
  if (audits.some((a) => a.status === InternalAuditStatus.COMPLETED)) return [];
  if (audits.length === 0) {
    return [
      {
        code: GateCode.INTERNAL_AUDIT_MISSING,
        message: 'No internal audit in this cycle: plan and complete one (42001 9.2)',
        entityType: 'Cycle',
        entityId: cycle.id,
      },
    ];
  }
  return audits.map((a) => ({
    code: GateCode.INTERNAL_AUDIT_NOT_COMPLETED,
    message: `Internal audit "${a.title}" is ${a.status}: complete it (42001 9.2)`,
    entityType: 'InternalAudit',
    entityId: a.id,
  }));
};

/** 42001 9.3. */
const reviewRecorded: Check = ({ cycle, managementReviews }) =>
  managementReviews > 0
    ? []
    : [
        {
          code: GateCode.MANAGEMENT_REVIEW_MISSING,
          message: 'No management review recorded in this cycle (42001 9.3)',
          entityType: 'Cycle',
          entityId: cycle.id,
        },
      ];

/** 42001 10.2: a major nonconformity found by an audit is raised as a nonconformity to act on. */
const majorFindingsRaised: Check = ({ findings }) =>
  findings
    .filter((f) => f.type === FindingType.MAJOR_NONCONFORMITY && !f.hasNonconformity)
    .map((f) => ({
      code: GateCode.MAJOR_FINDING_WITHOUT_NONCONFORMITY,
      message: `Major nonconformity finding "${excerpt(f.description)}" has no nonconformity raised (42001 10.2)`,
      entityType: 'AuditFinding',
      entityId: f.id,
    }));

/** 42001 10.2 c): every major nonconformity has at least one corrective action. */
const majorNonconformitiesActioned: Check = ({ nonconformities }) =>
  nonconformities
    .filter(
      (n) =>
        n.severity === NonconformitySeverity.MAJOR &&
        n.status !== NonconformityStatus.CARRIED_FORWARD &&
        n.correctiveActions === 0,
    )
    .map((n) => ({
      code: GateCode.MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION,
      message: `Major nonconformity "${excerpt(n.description)}" has no corrective action (42001 10.2)`,
      entityType: 'Nonconformity',
      entityId: n.id,
    }));

/**
 * 42001 10.2 applies to every nonconformity: a minor one that is still open has a corrective action or a
 * recorded decision that none is needed (which closes it), so nothing is left unevaluated at closing.
 */
const minorNonconformitiesEvaluated: Check = ({ nonconformities }) =>
  nonconformities
    .filter(
      (n) =>
        n.severity !== NonconformitySeverity.MAJOR &&
        n.status === NonconformityStatus.OPEN &&
        n.correctiveActions === 0 &&
        !n.noActionReason,
    )
    .map((n) => ({
      code: GateCode.NONCONFORMITY_NOT_EVALUATED,
      message: `Nonconformity "${excerpt(n.description)}" has neither a corrective action nor a recorded decision that none is needed (42001 10.2)`,
      entityType: 'Nonconformity',
      entityId: n.id,
    }));

/** The gate into each phase and its criteria, in the order they are reported. */
export const GATES: Readonly<Record<Exclude<CyclePhase, CyclePhase.PLAN>, readonly Check[]>> = {
  DO: [scopeDefined, planClausesDone, systemsAssessed, soaComplete],
  CHECK: [aboveAppetiteTreated, doClausesDone, impactAssessed],
  ACT: [auditCompleted, reviewRecorded],
  CLOSED: [majorFindingsRaised, majorNonconformitiesActioned, minorNonconformitiesEvaluated],
};

/**
 * Evaluates the gate into `to` (by default the next phase). Asked about another phase, it still lists
 * that gate's criteria, after a NOT_NEXT_PHASE criterion saying the cycle cannot go there now.
 */
export function evaluateGate(facts: GateFacts, to: CyclePhase | null = null): GateResult {
  const from = facts.cycle.phase;
  const target = to ?? NEXT_PHASE[from];
  const unmet: UnmetCriterion[] = [];
  if (from === CyclePhase.CLOSED) {
    unmet.push({
      code: GateCode.CYCLE_CLOSED,
      message: 'The cycle is closed',
      entityType: 'Cycle',
      entityId: facts.cycle.id,
    });
  } else if (target !== NEXT_PHASE[from]) {
    unmet.push({
      code: GateCode.NOT_NEXT_PHASE,
      message: `The cycle is in ${from}: it moves one phase at a time, next to ${NEXT_PHASE[from]}`,
      entityType: 'Cycle',
      entityId: facts.cycle.id,
    });
  }
  if (target && target !== CyclePhase.PLAN) {
    for (const check of GATES[target]) unmet.push(...check(facts));
  }
  return { from, to: target, met: unmet.length === 0, unmet };
}
