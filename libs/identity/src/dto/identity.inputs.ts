import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsDate,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role, trim } from '@aims/platform';

const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const PASSWORD_MIN = 10;

@InputType()
export class SignUpInput {
  @Field()
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field({ description: `At least ${PASSWORD_MIN} characters.` })
  @IsString()
  @Length(PASSWORD_MIN, 200, { message: `must be between ${PASSWORD_MIN} and 200 characters` })
  password: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'must not be empty' })
  name: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'must not be empty' })
  organisationName: string;
}

@InputType()
export class LoginInput {
  @Field()
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Required when the user belongs to several organisations.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  organisationId?: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  name: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  id: string;
}

@InputType()
export class InviteMemberInput {
  @Field()
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field({ nullable: true, description: 'Membership end, for time-boxed external auditors.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@InputType()
export class AcceptInvitationInput {
  @Field()
  @IsString()
  @Length(10, 200)
  token: string;

  @Field({ description: 'Your name (ignored when you already have an account).' })
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'must not be empty' })
  name: string;

  @Field({ description: 'New password, or your existing one when you already have an account.' })
  @IsString()
  @Length(PASSWORD_MIN, 200, { message: `must be between ${PASSWORD_MIN} and 200 characters` })
  password: string;
}

@InputType()
export class UpdateMemberRoleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  membershipId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field({ nullable: true, description: 'Set or change the membership end; omit to keep it.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a UUID' })
  membershipId: string;
}
