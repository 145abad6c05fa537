import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AISystemRole,
  AISystemService,
  AnnexIIIPoint,
  ApplicationScale,
  ImpactAssessmentService,
  ImpactKind,
  IntelligenceLevel,
  LifecycleStage,
  ScenarioCriticality,
  TransparencyTrigger,
} from '@aims/ai-systems';
import { AuthService, MembershipService, User } from '@aims/identity';
import { Actor, Clock, Role } from '@aims/platform';
import {
  ChecklistItem,
  ChecklistService,
  ChecklistStatus,
  CyclesService,
  ImplementationStatus,
  SoAEntry,
  SoAService,
} from '@aims/cycles';
import {
  EvidenceItemService,
  EvidenceKind,
  EvidenceReviewDecision,
  EvidenceVersionService,
} from '@aims/evidence';
import {
  RiskAcceptanceService,
  RiskAssessmentService,
  RiskService,
  RiskStatus,
  TreatmentActionStatus,
  TreatmentOption,
} from '@aims/risks';

export const DEMO = {
  organisation: 'Northwind Analytics (demo)',
  owner: { email: 'owner@demo.aims.local', name: 'Olivia Owner', password: 'demo-owner-password' },
  officer: { email: 'officer@demo.aims.local', name: 'Chidi Compliance', password: 'demo-officer-password' },
  auditor: { email: 'auditor@demo.aims.local', name: 'Ada Auditor', password: 'demo-auditor-password' },
};

/**
 * Seeds the demo organisation on first run (through the same services as the API, so everything is
 * audited) and logs the demo compliance officer in. Returns the officer's credentials and a fresh token.
 */
export async function seedDemo(app: INestApplicationContext) {
  const dataSource = app.get(DataSource);
  const auth = app.get(AuthService);
  const members = app.get(MembershipService);

  if (!(await dataSource.getRepository(User).existsBy({ email: DEMO.officer.email }))) {
    const owner = await auth.signUp({ ...DEMO.owner, organisationName: DEMO.organisation });
    const ownerActor = {
      type: 'USER' as const,
      organisationId: owner.organisation.id,
      role: Role.OWNER,
      userId: owner.user.id,
    };
    const userIds: string[] = [];
    for (const [person, role] of [
      [DEMO.officer, Role.COMPLIANCE_OFFICER],
      [DEMO.auditor, Role.AUDITOR],
    ] as const) {
      const invite = await members.invite(ownerActor, { email: person.email, role });
      const accepted = await auth.acceptInvitation({
        token: invite.invitationToken,
        name: person.name,
        password: person.password,
      });
      userIds.push(accepted.user.id);
    }
    const officerActor = { ...ownerActor, role: Role.COMPLIANCE_OFFICER, userId: userIds[0] };
    await seedRegister(app, officerActor, ownerActor);
  }
  const login = await auth.login({ email: DEMO.officer.email, password: DEMO.officer.password }, 'seed');
  return { email: DEMO.officer.email, password: DEMO.officer.password, accessToken: login.accessToken };
}

const req = (slug: string, id: string) => `urn:aims:req:${slug}:${id}`;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The demo inventory and risk register: four AI systems across the EU AI Act tiers and TC260 grades, an
 * approved impact assessment, and risks at different steps of the ISO/IEC 23894 process. The compliance
 * officer does the work; the owner approves what the officer may not approve alone.
 */
async function seedRegister(app: INestApplicationContext, officer: Actor, owner: Actor): Promise<void> {
  const systems = app.get(AISystemService);
  const impacts = app.get(ImpactAssessmentService);
  const risks = app.get(RiskService);
  const assessing = app.get(RiskAssessmentService);
  const acceptances = app.get(RiskAcceptanceService);
  const now = app.get(Clock).now().getTime();
  const inDays = (days: number) => new Date(now + days * DAY_MS);

  const cvScreener = await systems.create(officer, {
    name: 'TalentRank CV screener',
    description: 'Gradient-boosted model that ranks incoming applications for open roles.',
    intendedPurpose: 'Shortlist job applicants for human recruiters to review.',
    role: AISystemRole.PROVIDER,
    lifecycleStage: LifecycleStage.OPERATION_AND_MONITORING,
    modelName: 'talentrank-gbm',
    modelVersion: '3.2',
    dataCategories: ['CVs', 'Employment history', 'Education'],
    affectedParties: ['Job applicants', 'Recruiters'],
    intelligenceLevel: IntelligenceLevel.BASIC,
    scenarioCriticality: ScenarioCriticality.SENSITIVE,
    applicationScale: ApplicationScale.MEDIUM,
    euAiActAnswers: { annexIIIPoints: [AnnexIIIPoint.ANNEX_III_4_A], profiling: true },
  });
  const chatbot = await systems.create(officer, {
    name: 'Northwind Assist',
    description: 'Customer support chatbot on the website, built on a hosted general-purpose model.',
    intendedPurpose: 'Answer customer questions about orders, refunds and accounts.',
    role: AISystemRole.DEPLOYER,
    lifecycleStage: LifecycleStage.OPERATION_AND_MONITORING,
    modelName: 'hosted-llm',
    modelVersion: '2026-06',
    dataCategories: ['Chat transcripts', 'Order history'],
    affectedParties: ['Customers'],
    intelligenceLevel: IntelligenceLevel.ADVANCED,
    scenarioCriticality: ScenarioCriticality.GENERAL,
    applicationScale: ApplicationScale.LARGE,
    euAiActAnswers: { transparencyTriggers: [TransparencyTrigger.INTERACTS_WITH_PEOPLE], gpaiModel: true },
  });
  const creditScoring = await systems.create(officer, {
    name: 'CreditLens scoring',
    description: 'Scores the creditworthiness of consumers applying for payment plans.',
    intendedPurpose: 'Decide on payment-plan eligibility and limits.',
    role: AISystemRole.PROVIDER,
    lifecycleStage: LifecycleStage.VERIFICATION_AND_VALIDATION,
    modelName: 'creditlens-logit',
    modelVersion: '1.4',
    dataCategories: ['Payment history', 'Income', 'Credit bureau data'],
    affectedParties: ['Consumers applying for credit'],
    intelligenceLevel: IntelligenceLevel.BASIC,
    scenarioCriticality: ScenarioCriticality.SENSITIVE,
    applicationScale: ApplicationScale.LARGE,
    euAiActAnswers: { annexIIIPoints: [AnnexIIIPoint.ANNEX_III_5_B], profiling: true },
  });
  const codeAssistant = await systems.create(officer, {
    name: 'DevPilot code assistant',
    description: 'Code completion assistant used by the internal engineering team.',
    intendedPurpose: 'Suggest code and tests to engineers inside their editor.',
    role: AISystemRole.DEPLOYER,
    lifecycleStage: LifecycleStage.DEPLOYMENT,
    modelName: 'hosted-code-model',
    modelVersion: '5',
    dataCategories: ['Source code'],
    affectedParties: ['Engineers'],
    intelligenceLevel: IntelligenceLevel.ADVANCED,
    scenarioCriticality: ScenarioCriticality.GENERAL,
    applicationScale: ApplicationScale.SMALL,
    euAiActAnswers: {},
  });

  const assessment = await impacts.create(officer, {
    aiSystemId: cvScreener.id,
    scope: 'Use of TalentRank to shortlist applicants for all EU vacancies.',
    systemInformation: 'Ranks applications; recruiters see the top of the list first and decide.',
    dataInformation:
      'Five years of past applications and hiring outcomes; checked yearly for representativeness.',
    deploymentContext: 'HR recruitment pipeline, EU offices.',
    interestedParties: ['Job applicants', 'Recruiters', 'Works council'],
    impacts: [
      {
        kind: ImpactKind.HARM,
        description: 'Qualified applicants ranked low because of historic bias',
        affectedGroup: 'Job applicants',
        severity: 4,
        likelihood: 3,
      },
      {
        kind: ImpactKind.BENEFIT,
        description: 'Faster answers to applicants',
        affectedGroup: 'Job applicants',
        severity: 2,
        likelihood: 5,
      },
    ],
    measures: ['Human review of every rejection', 'Quarterly bias testing across protected groups'],
  });
  await impacts.approve(owner, { id: assessment.id, comment: 'Approved for the 2026 hiring season.' });

  const bias = await risks.create(officer, {
    title: 'Biased shortlisting of applicants',
    description: 'Historic hiring data under-ranks applicants from some groups.',
    aiSystemIds: [cvScreener.id],
    lifecycleStage: LifecycleStage.OPERATION_AND_MONITORING,
    riskSourceUrns: [req('iso-iec-23894-2023', 'b.5.data-quality')],
    tc260NodeUrns: [
      req('tc260-1.0', 'inherent.model.bias'),
      req('tc260-1.0', 'application.ethical.discrimination-divide'),
    ],
    trustworthinessCharacteristicUrns: [req('nist-ai-rmf-1.0', 'trustworthy.fair')],
  });
  await assessing.assess(officer, {
    riskId: bias.id,
    inherent: { likelihood: 4, consequence: 4 },
    note: 'Before mitigation',
  });
  await risks.update(officer, { id: bias.id, status: RiskStatus.EVALUATED });
  await risks.setTreatment(officer, {
    riskId: bias.id,
    option: TreatmentOption.MODIFY,
    actions: [
      {
        title: 'Re-balance the training data',
        ownerId: officer.userId,
        dueDate: inDays(-10),
        status: TreatmentActionStatus.DONE,
      },
      {
        title: 'Quarterly bias testing',
        ownerId: officer.userId,
        dueDate: inDays(80),
        status: TreatmentActionStatus.IN_PROGRESS,
      },
    ],
    controlUrns: [req('iso-iec-42001-2023', 'a.7.4'), req('iso-iec-42001-2023', 'a.6.2.4')],
  });
  await assessing.assess(officer, {
    riskId: bias.id,
    residual: { likelihood: 2, consequence: 3 },
    note: 'After re-balancing',
  });
  await risks.update(officer, { id: bias.id, status: RiskStatus.MONITORING });

  const hallucination = await risks.create(officer, {
    title: 'Chatbot gives wrong refund information',
    description: 'The model may invent refund rules that do not exist.',
    aiSystemIds: [chatbot.id],
    riskSourceUrns: [req('iso-iec-23894-2023', 'b.3')],
    tc260NodeUrns: [req('tc260-1.0', 'inherent.model.unreliable-output')],
    trustworthinessCharacteristicUrns: [req('nist-ai-rmf-1.0', 'trustworthy.valid-reliable')],
  });
  await assessing.assess(officer, { riskId: hallucination.id, inherent: { likelihood: 3, consequence: 2 } });
  await risks.update(officer, { id: hallucination.id, status: RiskStatus.EVALUATED });
  await acceptances.accept(owner, {
    riskId: hallucination.id,
    rationale: 'Answers link to the refund policy and agents correct mistakes; within appetite.',
    acceptedUntil: inDays(180),
  });

  const drift = await risks.create(officer, {
    title: 'Credit model drifts after interest-rate changes',
    aiSystemIds: [creditScoring.id],
    riskSourceUrns: [req('iso-iec-23894-2023', 'b.2')],
    tc260NodeUrns: [req('tc260-1.0', 'inherent.model.robustness')],
    trustworthinessCharacteristicUrns: [req('nist-ai-rmf-1.0', 'trustworthy.valid-reliable')],
  });
  await assessing.assess(officer, { riskId: drift.id, inherent: { likelihood: 3, consequence: 4 } });
  await risks.update(officer, { id: drift.id, status: RiskStatus.EVALUATED });
  await risks.setTreatment(officer, {
    riskId: drift.id,
    option: TreatmentOption.MODIFY,
    actions: [
      {
        title: 'Monthly drift monitoring with retraining triggers',
        ownerId: officer.userId,
        dueDate: inDays(30),
      },
    ],
    controlUrns: [req('iso-iec-42001-2023', 'a.6.2.6')],
  });

  const injection = await risks.create(officer, {
    title: 'Prompt injection exposes customer data',
    aiSystemIds: [chatbot.id],
    riskSourceUrns: [req('iso-iec-23894-2023', 'b.7')],
    tc260NodeUrns: [req('tc260-1.0', 'application.cyber.improper-use-leakage')],
    trustworthinessCharacteristicUrns: [
      req('nist-ai-rmf-1.0', 'trustworthy.secure-resilient'),
      req('nist-ai-rmf-1.0', 'trustworthy.privacy-enhanced'),
    ],
  });
  await assessing.assess(officer, { riskId: injection.id, inherent: { likelihood: 3, consequence: 5 } });

  await seedCycle(app, officer, owner, [cvScreener.id, chatbot.id, creditScoring.id, codeAssistant.id]);

  await risks.create(officer, {
    title: 'Secrets pasted into the code assistant leave the company',
    aiSystemIds: [codeAssistant.id],
    tc260NodeUrns: [req('tc260-1.0', 'inherent.data.leakage')],
    trustworthinessCharacteristicUrns: [req('nist-ai-rmf-1.0', 'trustworthy.privacy-enhanced')],
  });
}

/**
 * A 42001 cycle in its PLAN phase: scope set, the context clauses done, part of the SoA decided, and an
 * accepted AI policy as evidence for clause 5.2 and control A.2.2.
 */
async function seedCycle(app: INestApplicationContext, officer: Actor, owner: Actor, aiSystemIds: string[]) {
  const dataSource = app.get(DataSource);
  const now = app.get(Clock).now().getTime();
  const year = new Date(now).getUTCFullYear();
  const cycle = await app.get(CyclesService).create(officer, {
    name: `AIMS FY${year}`,
    periodStart: new Date(Date.UTC(year, 0, 1)),
    periodEnd: new Date(Date.UTC(year + 1, 0, 1)),
    aiSystemIds,
    scopeStatement:
      'All AI systems built or operated by Northwind Analytics in the EU; HR and lending units.',
  });
  const item = (refId: string) =>
    dataSource.getRepository(ChecklistItem).findOneByOrFail({ cycleId: cycle.id, refId });
  const entry = (refId: string) =>
    dataSource.getRepository(SoAEntry).findOneByOrFail({ cycleId: cycle.id, refId });

  const checklist = app.get(ChecklistService);
  for (const refId of ['4.1', '4.2', '4.3', '4.4', '5.2']) {
    await checklist.update(officer, { id: (await item(refId)).id, status: ChecklistStatus.IMPLEMENTED });
  }
  await checklist.update(officer, {
    id: (await item('6.1.2')).id,
    status: ChecklistStatus.IN_PROGRESS,
    notes: 'Register built; criteria approved by the board in March.',
  });

  const soa = app.get(SoAService);
  const decisions: [string, boolean, string, ImplementationStatus?][] = [
    [
      'A.2.2',
      true,
      'Board-approved AI policy covers every AI system in scope.',
      ImplementationStatus.IMPLEMENTED,
    ],
    ['A.5.2', true, 'High-risk systems in scope need impact assessments.', ImplementationStatus.IN_PROGRESS],
    ['A.6.2.8', true, 'Event logs are needed for the Annex III systems.', ImplementationStatus.IN_PROGRESS],
    ['A.10.4', false, 'No AI system is supplied to customers; all are used internally or by our own staff.'],
  ];
  for (const [refId, applicable, justification, implementationStatus] of decisions) {
    await soa.set(officer, {
      entryId: (await entry(refId)).id,
      applicable,
      justification,
      implementationStatus,
    });
  }

  const evidence = app.get(EvidenceItemService);
  const versions = app.get(EvidenceVersionService);
  const policy = await evidence.create(officer, {
    title: 'AI policy v2 (board minutes, approved)',
    kind: EvidenceKind.LINK,
    url: 'https://intranet.northwind.example/policies/ai-policy-v2.pdf',
    validFrom: new Date(now - 30 * DAY_MS),
    validUntil: new Date(now + 335 * DAY_MS),
    collectionFrequencyDays: 365,
    links: {
      requirementUrns: ['urn:aims:req:iso-iec-42001-2023:5.2'],
      soaEntryIds: [(await entry('A.2.2')).id],
      checklistItemIds: [(await item('5.2')).id],
    },
  });
  await versions.submit(officer, { evidenceItemId: policy.id });
  await versions.review(owner, { evidenceItemId: policy.id, decision: EvidenceReviewDecision.ACCEPT });
}
