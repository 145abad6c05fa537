import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { ConnectionArgs } from '@aims/platform';

@ArgsType()
export class RiskAssessmentsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  riskId: string;
}
