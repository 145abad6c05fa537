import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Fixed-window counters shared by every API replica (login attempts, API-key requests). */
@Entity('rate_limit_bucket')
export class RateLimitBucket {
  @PrimaryColumn('text')
  key: string;

  @PrimaryColumn({ type: 'timestamptz' })
  windowStart: Date;

  @Column('int')
  count: number;
}
