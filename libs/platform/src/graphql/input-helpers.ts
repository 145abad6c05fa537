import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

/** class-transformer `@Transform` that trims strings and leaves anything else to validation. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The arguments of a query that reads one record by id: `aiSystem(id)`, `risk(id)`, ... */
@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  id: string;
}
