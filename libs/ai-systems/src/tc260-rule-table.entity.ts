import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '@aims/platform';
import { Tc260RuleTable } from './tc260-grading';

/** An organisation's own TC260 grading rule table; without a row the documented default applies. */
@Entity('tc260_rule_table')
@Index('tc260_rule_table_organisation_key', ['organisationId'], { unique: true })
export class Tc260RuleTableEntity extends TenantEntity {
  @Column('jsonb')
  rules: Tc260RuleTable;
}
