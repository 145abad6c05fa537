import DataLoader from 'dataloader';
import { byIdLoader, childrenLoader, GraphQLContext } from '@aims/platform';
import { AISystem } from './ai-system.entity';
import { AISystemService } from './ai-system.service';
import { ImpactAssessment } from './impact-assessment.entity';
import { ImpactAssessmentService } from './impact-assessment.service';

/** The organisation's AI systems by id. */
export function aiSystemLoader(
  ctx: GraphQLContext,
  systems: AISystemService,
  organisationId: string,
): DataLoader<string, AISystem | null> {
  return byIdLoader(
    ctx,
    'ai-systems',
    organisationId,
    (ids) => systems.findByIds(organisationId, ids),
    (s) => s.id,
  );
}

/** Every impact assessment version of an AI system, by system id. */
export function impactAssessmentsLoader(
  ctx: GraphQLContext,
  assessments: ImpactAssessmentService,
  organisationId: string,
): DataLoader<string, ImpactAssessment[]> {
  return childrenLoader<ImpactAssessment>(
    ctx,
    'impact-assessments',
    organisationId,
    (ids) => assessments.forSystems(organisationId, ids),
    (a) => a.aiSystemId,
  );
}
