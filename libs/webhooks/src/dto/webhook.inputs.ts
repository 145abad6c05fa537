import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { EVENT_TYPES } from '@aims/audit-log';
import { trim } from '@aims/platform';
import { WebhookDeliveryStatus } from '../webhook.enums';

const UUID = { message: 'must be a UUID' };
const KNOWN_TYPE = { each: true, message: 'must be event types from webhookEventTypes' };

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'https URL (http only where WEBHOOK_ALLOW_HTTP is set).' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000, { message: 'must be 1 to 2000 characters' })
  url: string;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(0, 500, { message: 'must be at most 500 characters' })
  description?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Event types to deliver; empty or absent means all.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIn(EVENT_TYPES, KNOWN_TYPE)
  eventTypes?: string[];

  @Field({ nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 2000, { message: 'must be 1 to 2000 characters' })
  url?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(0, 500, { message: 'must be at most 500 characters' })
  description?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIn(EVENT_TYPES, KNOWN_TYPE)
  eventTypes?: string[];

  @Field({ nullable: true, description: 'Re-enabling clears the disabled reason and the failure run.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

@InputType()
export class WebhookEndpointIdInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;
}

@InputType()
export class RotateWebhookSecretInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  id: string;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 24,
    description: 'Hours the old secret keeps signing (0–168).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  overlapHours?: number;
}

@InputType()
export class RedeliverWebhookInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  deliveryId: string;
}

@InputType()
export class ReplayWebhookEventsInput {
  @Field(() => ID)
  @IsUUID('all', UUID)
  endpointId: string;

  @Field()
  @IsDate()
  since: Date;

  @Field()
  @IsDate()
  until: Date;

  @Field(() => [String], {
    nullable: true,
    description: 'Only these types (within the endpoint’s subscription).',
  })
  @IsOptional()
  @IsArray()
  @IsIn(EVENT_TYPES, KNOWN_TYPE)
  eventTypes?: string[];
}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(WebhookDeliveryStatus, { each: true })
  status?: WebhookDeliveryStatus[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsIn(EVENT_TYPES, KNOWN_TYPE)
  eventType?: string[];

  @Field({ nullable: true, description: 'Deliveries created at or after this time.' })
  @IsOptional()
  @IsDate()
  since?: Date;
}

@ArgsType()
export class EndpointIdArgs {
  @Field(() => ID)
  @IsUUID('all', UUID)
  endpointId: string;
}
