import { EuAiActTier, Tc260Grade } from '@aims/ai-systems';
import { PdcaPhase } from '@aims/catalog';
import { RiskStatus } from '@aims/risks';
import { NonconformitySeverity, NonconformityStatus } from '../nonconformity/nonconformity.enums';
import { ImplementationStatus } from '../soa/soa.enums';
import { FindingType, InternalAuditStatus } from '../internal-audit/internal-audit.enums';
import { CyclePhase } from './cycle.enums';
import { ChecklistStatus } from '../checklist/checklist.enums';
import { evaluateGate, GateCode, GateFacts, risksInScope } from './phase-gate';

const SYSTEM = 'sys-1';
const OTHER_SYSTEM = 'sys-2';

/** A cycle where every criterion of every gate holds; each case below breaks or bends one thing. */
function healthy(phase: CyclePhase): GateFacts {
  return {
    cycle: { id: 'cycle-1', phase, scopeStatement: null, aiSystemIds: [SYSTEM] },
    aiSystems: [
      {
        id: SYSTEM,
        name: 'Scorer',
        tier: EuAiActTier.HIGH_RISK,
        grade: null,
        hasApprovedImpactAssessment: true,
      },
    ],
    checklist: [
      {
        id: 'i-4.1',
        refId: '4.1',
        title: 'Context',
        phase: PdcaPhase.PLAN,
        status: ChecklistStatus.IMPLEMENTED,
      },
      {
        id: 'i-5.2',
        refId: '5.2',
        title: 'AI policy',
        phase: PdcaPhase.PLAN,
        status: ChecklistStatus.IMPLEMENTED,
      },
      {
        id: 'i-7.1',
        refId: '7.1',
        title: 'Resources',
        phase: PdcaPhase.DO,
        status: ChecklistStatus.IMPLEMENTED,
      },
      {
        id: 'i-8.4',
        refId: '8.4',
        title: 'AI system impact assessment',
        phase: PdcaPhase.DO,
        status: ChecklistStatus.IMPLEMENTED,
      },
    ],
    soa: [
      {
        id: 'e-a.2.2',
        refId: 'A.2.2',
        title: 'AI policy',
        applicable: true,
        justification: 'Needed',
        implementationStatus: ImplementationStatus.IN_PROGRESS,
        carriedOver: false,
      },
      {
        id: 'e-a.10.4',
        refId: 'A.10.4',
        title: 'Customers',
        applicable: false,
        justification: 'No customers',
        implementationStatus: null,
        carriedOver: false,
      },
    ],
    risks: [
      { id: 'r-1', title: 'Bias', status: RiskStatus.TREATING, aboveAppetite: true, aiSystemIds: [SYSTEM] },
      {
        id: 'r-2',
        title: 'Drift',
        status: RiskStatus.EVALUATED,
        aboveAppetite: false,
        aiSystemIds: [SYSTEM],
      },
    ],
    audits: [{ id: 'audit-1', title: 'Internal audit 1', status: InternalAuditStatus.COMPLETED }],
    managementReviews: 1,
    findings: [
      {
        id: 'f-1',
        type: FindingType.MAJOR_NONCONFORMITY,
        description: 'No AI policy',
        hasNonconformity: true,
      },
      { id: 'f-2', type: FindingType.OBSERVATION, description: 'Could be clearer', hasNonconformity: false },
    ],
    nonconformities: [
      {
        id: 'nc-1',
        severity: NonconformitySeverity.MAJOR,
        status: NonconformityStatus.OPEN,
        description: 'No AI policy',
        correctiveActions: 1,
        noActionReason: null,
      },
    ],
  };
}

type Bend = (f: GateFacts) => void;
const codes = (facts: GateFacts, to: CyclePhase | null = null) =>
  evaluateGate(facts, to).unmet.map((u) => [u.code, u.entityType, u.entityId]);

describe('evaluateGate', () => {
  it.each([CyclePhase.PLAN, CyclePhase.DO, CyclePhase.CHECK, CyclePhase.ACT])(
    'lets a healthy cycle leave %s for the next phase',
    (phase) => {
      const result = evaluateGate(healthy(phase));
      expect(result).toMatchObject({ from: phase, met: true, unmet: [] });
    },
  );

  const failing: [string, CyclePhase, Bend, [string, string, string][]][] = [
    [
      'PLAN → DO: no AI system and no scope statement',
      CyclePhase.PLAN,
      (f) => {
        f.cycle.aiSystemIds = [];
        f.cycle.scopeStatement = '   ';
      },
      [[GateCode.SCOPE_UNDEFINED, 'Cycle', 'cycle-1']],
    ],
    [
      'PLAN → DO: Plan clauses not started or in progress',
      CyclePhase.PLAN,
      (f) => {
        f.checklist[0].status = ChecklistStatus.IN_PROGRESS;
        f.checklist[1].status = ChecklistStatus.NOT_STARTED;
      },
      [
        [GateCode.PLAN_CLAUSE_OPEN, 'ChecklistItem', 'i-4.1'],
        [GateCode.PLAN_CLAUSE_OPEN, 'ChecklistItem', 'i-5.2'],
      ],
    ],
    [
      'PLAN → DO: a clause marked NOT_APPLICABLE is not done (clauses 4-10 are mandatory)',
      CyclePhase.PLAN,
      (f) => {
        f.checklist[1].status = ChecklistStatus.NOT_APPLICABLE;
      },
      [[GateCode.PLAN_CLAUSE_OPEN, 'ChecklistItem', 'i-5.2']],
    ],
    [
      'DO → CHECK: 8.4 not started, 7.1 not applicable',
      CyclePhase.DO,
      (f) => {
        f.checklist[2].status = ChecklistStatus.NOT_APPLICABLE;
        f.checklist[3].status = ChecklistStatus.NOT_STARTED;
      },
      [
        [GateCode.DO_CLAUSE_OPEN, 'ChecklistItem', 'i-7.1'],
        [GateCode.DO_CLAUSE_OPEN, 'ChecklistItem', 'i-8.4'],
      ],
    ],
    [
      'DO → CHECK: a high-risk AI system without an approved impact assessment',
      CyclePhase.DO,
      (f) => {
        f.aiSystems[0].hasApprovedImpactAssessment = false;
      },
      [[GateCode.AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT, 'AISystem', SYSTEM]],
    ],
    [
      'DO → CHECK: a system graded TC260 HIGH or above without an approved impact assessment',
      CyclePhase.DO,
      (f) => {
        for (const grade of [Tc260Grade.HIGH, Tc260Grade.VERY_HIGH, Tc260Grade.EXTREMELY_SEVERE]) {
          Object.assign(f.aiSystems[0], {
            tier: EuAiActTier.MINIMAL_RISK,
            grade,
            hasApprovedImpactAssessment: false,
          });
          expect(evaluateGate(f).unmet.map((u) => u.code)).toEqual([
            GateCode.AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT,
          ]);
        }
      },
      [[GateCode.AI_SYSTEM_WITHOUT_APPROVED_IMPACT_ASSESSMENT, 'AISystem', SYSTEM]],
    ],
    [
      'ACT → CLOSED: an open minor nonconformity with neither action nor decision',
      CyclePhase.ACT,
      (f) => {
        f.nonconformities.push({
          id: 'nc-2',
          severity: NonconformitySeverity.MINOR,
          status: NonconformityStatus.OPEN,
          description: 'Minor',
          correctiveActions: 0,
          noActionReason: null,
        });
      },
      [[GateCode.NONCONFORMITY_NOT_EVALUATED, 'Nonconformity', 'nc-2']],
    ],
    [
      'PLAN → DO: an in-scope AI system whose risks are not evaluated yet',
      CyclePhase.PLAN,
      (f) => {
        f.risks = [
          {
            id: 'r-9',
            title: 'New',
            status: RiskStatus.ANALYSED,
            aboveAppetite: false,
            aiSystemIds: [SYSTEM],
          },
          {
            id: 'r-8',
            title: 'Else',
            status: RiskStatus.EVALUATED,
            aboveAppetite: false,
            aiSystemIds: [OTHER_SYSTEM],
          },
        ];
      },
      [[GateCode.AI_SYSTEM_WITHOUT_EVALUATED_RISK, 'AISystem', SYSTEM]],
    ],
    [
      'PLAN → DO: an in-scope AI system without any risk',
      CyclePhase.PLAN,
      (f) => {
        f.risks = [];
      },
      [[GateCode.AI_SYSTEM_WITHOUT_EVALUATED_RISK, 'AISystem', SYSTEM]],
    ],
    [
      'PLAN → DO: SoA entry undecided, or decided without justification',
      CyclePhase.PLAN,
      (f) => {
        f.soa[0].applicable = null;
        f.soa[1].justification = ' ';
      },
      [
        [GateCode.SOA_ENTRY_UNDECIDED, 'SoAEntry', 'e-a.2.2'],
        [GateCode.SOA_ENTRY_UNDECIDED, 'SoAEntry', 'e-a.10.4'],
      ],
    ],
    [
      'PLAN → DO: applicable control without implementation status',
      CyclePhase.PLAN,
      (f) => {
        f.soa[0].implementationStatus = null;
      },
      [[GateCode.SOA_IMPLEMENTATION_STATUS_MISSING, 'SoAEntry', 'e-a.2.2']],
    ],
    [
      'PLAN → DO: decision carried over and not confirmed',
      CyclePhase.PLAN,
      (f) => {
        f.soa[1].carriedOver = true;
      },
      [[GateCode.SOA_ENTRY_NOT_CONFIRMED, 'SoAEntry', 'e-a.10.4']],
    ],
    [
      'DO → CHECK: risks above appetite still identified, analysed or evaluated',
      CyclePhase.DO,
      (f) => {
        f.risks = [
          { id: 'r-1', title: 'A', status: RiskStatus.EVALUATED, aboveAppetite: true, aiSystemIds: [SYSTEM] },
          { id: 'r-2', title: 'B', status: RiskStatus.ANALYSED, aboveAppetite: true, aiSystemIds: [] },
          {
            id: 'r-3',
            title: 'C',
            status: RiskStatus.IDENTIFIED,
            aboveAppetite: true,
            aiSystemIds: [SYSTEM, OTHER_SYSTEM],
          },
        ];
      },
      [
        [GateCode.RISK_ABOVE_APPETITE_UNTREATED, 'Risk', 'r-1'],
        [GateCode.RISK_ABOVE_APPETITE_UNTREATED, 'Risk', 'r-2'],
        [GateCode.RISK_ABOVE_APPETITE_UNTREATED, 'Risk', 'r-3'],
      ],
    ],
    [
      'CHECK → ACT: no internal audit',
      CyclePhase.CHECK,
      (f) => {
        f.audits = [];
      },
      [[GateCode.INTERNAL_AUDIT_MISSING, 'Cycle', 'cycle-1']],
    ],
    [
      'CHECK → ACT: internal audits not completed',
      CyclePhase.CHECK,
      (f) => {
        f.audits = [
          { id: 'audit-1', title: 'One', status: InternalAuditStatus.PLANNED },
          { id: 'audit-2', title: 'Two', status: InternalAuditStatus.IN_PROGRESS },
        ];
      },
      [
        [GateCode.INTERNAL_AUDIT_NOT_COMPLETED, 'InternalAudit', 'audit-1'],
        [GateCode.INTERNAL_AUDIT_NOT_COMPLETED, 'InternalAudit', 'audit-2'],
      ],
    ],
    [
      'CHECK → ACT: no management review',
      CyclePhase.CHECK,
      (f) => {
        f.managementReviews = 0;
      },
      [[GateCode.MANAGEMENT_REVIEW_MISSING, 'Cycle', 'cycle-1']],
    ],
    [
      'ACT → CLOSED: a major nonconformity finding never raised',
      CyclePhase.ACT,
      (f) => {
        f.findings[0].hasNonconformity = false;
      },
      [[GateCode.MAJOR_FINDING_WITHOUT_NONCONFORMITY, 'AuditFinding', 'f-1']],
    ],
    [
      'ACT → CLOSED: a major nonconformity without corrective action',
      CyclePhase.ACT,
      (f) => {
        f.nonconformities[0].correctiveActions = 0;
      },
      [[GateCode.MAJOR_NONCONFORMITY_WITHOUT_CORRECTIVE_ACTION, 'Nonconformity', 'nc-1']],
    ],
  ];
  it.each(failing)('reports %s', (_, phase, bend, expected) => {
    const facts = healthy(phase);
    bend(facts);
    const result = evaluateGate(facts);
    expect(result.met).toBe(false);
    expect(codes(facts)).toEqual(expected);
    for (const u of result.unmet) expect(u.message.length).toBeGreaterThan(10);
  });

  const passing: [string, CyclePhase, Bend][] = [
    [
      'PLAN → DO: a scope statement alone defines the scope',
      CyclePhase.PLAN,
      (f) => {
        f.cycle.aiSystemIds = [];
        f.cycle.scopeStatement = 'Head office, lending products';
      },
    ],
    [
      'PLAN → DO: Do, Check and Act clauses may still be open',
      CyclePhase.PLAN,
      (f) => {
        f.checklist[3].status = ChecklistStatus.NOT_STARTED;
        f.checklist.push({
          id: 'i-10.2',
          refId: '10.2',
          title: 'Nonconformity',
          phase: PdcaPhase.ACT,
          status: ChecklistStatus.NOT_STARTED,
        });
      },
    ],
    [
      'PLAN → DO: every status from EVALUATED on counts as evaluated',
      CyclePhase.PLAN,
      (f) => {
        for (const status of [RiskStatus.TREATING, RiskStatus.MONITORING, RiskStatus.ACCEPTED]) {
          f.risks = [
            { id: 'r', title: 'R', status, aboveAppetite: false, aiSystemIds: [SYSTEM, OTHER_SYSTEM] },
          ];
          expect(evaluateGate(f).met).toBe(true);
        }
      },
    ],
    [
      'PLAN → DO: an excluded control needs no implementation status',
      CyclePhase.PLAN,
      (f) => {
        f.soa = [f.soa[1]];
      },
    ],
    [
      'DO → CHECK: above-appetite risks treating, monitoring or accepted',
      CyclePhase.DO,
      (f) => {
        f.risks = [RiskStatus.TREATING, RiskStatus.MONITORING, RiskStatus.ACCEPTED].map((status, i) => ({
          id: `r-${i}`,
          title: 'R',
          status,
          aboveAppetite: true,
          aiSystemIds: [SYSTEM],
        }));
      },
    ],
    [
      'DO → CHECK: risks within appetite, or only of systems outside the scope, do not hold it up',
      CyclePhase.DO,
      (f) => {
        f.risks = [
          {
            id: 'r-1',
            title: 'Low',
            status: RiskStatus.IDENTIFIED,
            aboveAppetite: false,
            aiSystemIds: [SYSTEM],
          },
          {
            id: 'r-2',
            title: 'Out',
            status: RiskStatus.EVALUATED,
            aboveAppetite: true,
            aiSystemIds: [OTHER_SYSTEM],
          },
        ];
      },
    ],
    [
      'CHECK → ACT: one completed audit is enough, whatever the others',
      CyclePhase.CHECK,
      (f) => {
        f.audits.push({ id: 'audit-2', title: 'Two', status: InternalAuditStatus.PLANNED });
      },
    ],
    [
      'ACT → CLOSED: a minor nonconformity with an action, or closed with a no-action decision',
      CyclePhase.ACT,
      (f) => {
        f.findings.push({
          id: 'f-3',
          type: FindingType.MINOR_NONCONFORMITY,
          description: 'x',
          hasNonconformity: false,
        });
        f.nonconformities.push(
          {
            id: 'nc-2',
            severity: NonconformitySeverity.MINOR,
            status: NonconformityStatus.OPEN,
            description: 'Minor',
            correctiveActions: 1,
            noActionReason: null,
          },
          {
            id: 'nc-3',
            severity: NonconformitySeverity.MINOR,
            status: NonconformityStatus.CLOSED,
            description: 'Minor',
            correctiveActions: 0,
            noActionReason: 'Isolated typo in a record, corrected on the spot',
          },
        );
      },
    ],
    [
      'DO → CHECK: a limited-risk system graded MEDIUM needs no impact assessment',
      CyclePhase.DO,
      (f) => {
        Object.assign(f.aiSystems[0], {
          tier: EuAiActTier.LIMITED_RISK,
          grade: Tc260Grade.MEDIUM,
          hasApprovedImpactAssessment: false,
        });
      },
    ],
    [
      'ACT → CLOSED: a major nonconformity already carried forward is not counted twice',
      CyclePhase.ACT,
      (f) => {
        f.nonconformities[0].status = NonconformityStatus.CARRIED_FORWARD;
        f.nonconformities[0].correctiveActions = 0;
      },
    ],
  ];
  it.each(passing)('holds when %s', (_, phase, bend) => {
    const facts = healthy(phase);
    bend(facts);
    expect(evaluateGate(facts)).toMatchObject({ met: true, unmet: [] });
  });

  it('reports every unmet criterion of a gate at once, in criterion order', () => {
    const facts = healthy(CyclePhase.PLAN);
    facts.cycle.aiSystemIds = [];
    facts.checklist[0].status = ChecklistStatus.NOT_STARTED;
    facts.soa[0].applicable = null;
    expect(codes(facts).map(([code]) => code)).toEqual([
      GateCode.SCOPE_UNDEFINED,
      GateCode.PLAN_CLAUSE_OPEN,
      GateCode.SOA_ENTRY_UNDECIDED,
    ]);
  });

  it('looks only at the gate it evaluates', () => {
    const facts = healthy(CyclePhase.DO);
    facts.checklist[0].status = ChecklistStatus.NOT_STARTED;
    facts.audits = [];
    expect(evaluateGate(facts).met).toBe(true);
  });

  it('previews another gate after saying the cycle cannot go there now', () => {
    const facts = healthy(CyclePhase.PLAN);
    facts.managementReviews = 0;
    expect(evaluateGate(facts, CyclePhase.ACT)).toMatchObject({
      from: CyclePhase.PLAN,
      to: CyclePhase.ACT,
      met: false,
    });
    expect(codes(facts, CyclePhase.ACT)).toEqual([
      [GateCode.NOT_NEXT_PHASE, 'Cycle', 'cycle-1'],
      [GateCode.MANAGEMENT_REVIEW_MISSING, 'Cycle', 'cycle-1'],
    ]);
    expect(codes(facts, CyclePhase.PLAN)).toEqual([[GateCode.NOT_NEXT_PHASE, 'Cycle', 'cycle-1']]);
  });

  it('names the next phase by default and refuses to move a closed cycle', () => {
    expect(evaluateGate(healthy(CyclePhase.ACT)).to).toBe(CyclePhase.CLOSED);
    const closed = evaluateGate(healthy(CyclePhase.CLOSED));
    expect(closed).toMatchObject({ from: CyclePhase.CLOSED, to: null, met: false });
    expect(closed.unmet.map((u) => u.code)).toEqual([GateCode.CYCLE_CLOSED]);
  });
});

describe('risksInScope', () => {
  it('keeps risks of in-scope systems and organisation-level risks, and drops the rest', () => {
    const facts = healthy(CyclePhase.DO);
    facts.risks = [
      { id: 'in', title: '', status: RiskStatus.EVALUATED, aboveAppetite: true, aiSystemIds: [SYSTEM] },
      {
        id: 'both',
        title: '',
        status: RiskStatus.EVALUATED,
        aboveAppetite: true,
        aiSystemIds: [OTHER_SYSTEM, SYSTEM],
      },
      { id: 'org', title: '', status: RiskStatus.EVALUATED, aboveAppetite: true, aiSystemIds: [] },
      {
        id: 'out',
        title: '',
        status: RiskStatus.EVALUATED,
        aboveAppetite: true,
        aiSystemIds: [OTHER_SYSTEM],
      },
    ];
    expect(risksInScope(facts).map((r) => r.id)).toEqual(['in', 'both', 'org']);
  });
});
