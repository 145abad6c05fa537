import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

@InputType()
export class AuditEventFilter {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @Field({ nullable: true, description: 'USER, API_KEY or SYSTEM.' })
  @IsOptional()
  @IsIn(['USER', 'API_KEY', 'SYSTEM'])
  actorType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @Field({ nullable: true, description: 'Events at or after this time.' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Events before this time.' })
  @IsOptional()
  @IsDate()
  to?: Date;
}
