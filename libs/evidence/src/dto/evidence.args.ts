import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';
import { ConnectionArgs } from '@aims/platform';

const UUID = { message: 'must be a UUID' };

@ArgsType()
export class EvidenceVersionsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID('all', UUID)
  evidenceItemId: string;
}

@ArgsType()
export class CoverageArgs {
  @Field({ description: 'e.g. urn:aims:framework:nist-ai-rmf:1.0' })
  @IsString()
  @Length(1, 300)
  frameworkUrn: string;

  @Field(() => ID, { description: 'The cycle whose checklist and Statement of Applicability are read.' })
  @IsUUID('all', UUID)
  cycleId: string;
}
