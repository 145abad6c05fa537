import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { LevelDefinition, ScalePoint } from './risk-level';

/** An organisation's own risk criteria (ISO/IEC 23894 6.3.4); without a row the 5×5 default applies. */
@Entity('risk_criteria')
@Index('risk_criteria_organisation_key', ['organisationId'], { unique: true })
export class RiskCriteria extends TenantEntity {
  @Column('jsonb')
  likelihoodScale: ScalePoint[];

  @Column('jsonb')
  consequenceScale: ScalePoint[];

  @Column('jsonb')
  levels: LevelDefinition[];

  @Column('jsonb')
  grid: number[][];

  @Column('int')
  appetiteLevel: number;

  /** Increases with every change; assessments record the version they were scored under. */
  @Column('int')
  version: number;
}
