import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { RequirementFilter } from '../catalog.service';
import { MappingRelationship } from '../relationship';
import { PdcaPhase, RequirementKind } from '../requirement-kind';

@InputType('RequirementFilter')
export class RequirementFilterInput implements RequirementFilter {
  @Field(() => RequirementKind, { nullable: true })
  @IsOptional()
  @IsEnum(RequirementKind)
  kind?: RequirementKind;

  @Field(() => PdcaPhase, { nullable: true })
  @IsOptional()
  @IsEnum(PdcaPhase)
  pdcaPhase?: PdcaPhase;

  @Field({ nullable: true, description: 'Only the direct children of this requirement.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  parentUrn?: string;

  @Field({
    nullable: true,
    description: 'Case-insensitive text in refId, title, titleZh, description or URN.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  search?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  assessable?: boolean;

  @Field({ nullable: true, description: 'Only top-level requirements (no parent).' })
  @IsOptional()
  @IsBoolean()
  topLevel?: boolean;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Include requirements retired from their file.',
  })
  @IsOptional()
  @IsBoolean()
  includeRetired?: boolean;
}

@InputType('RequirementMappingFilter')
export class RequirementMappingFilterInput {
  @Field(() => MappingRelationship, { nullable: true, description: 'As seen from this requirement.' })
  @IsOptional()
  @IsEnum(MappingRelationship)
  relationship?: MappingRelationship;

  @Field({ nullable: true, description: 'Only mappings whose other end belongs to this framework.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  frameworkUrn?: string;
}
