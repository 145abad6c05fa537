import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { AISystem } from '@aims/ai-systems';
import { Risk } from './risk.entity';

/** Links a risk to an AI system it concerns (many to many). */
@Entity('risk_ai_system')
@Index(['riskId', 'aiSystemId'], { unique: true })
@Index(['aiSystemId'])
export class RiskAISystem extends TenantEntity {
  @Column('uuid')
  riskId: string;

  @ManyToOne(() => Risk, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'risk_id' })
  risk?: Risk;

  @Column('uuid')
  aiSystemId: string;

  @ManyToOne(() => AISystem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'ai_system_id' })
  aiSystem?: AISystem;
}
