import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { trim } from '@aims/platform';

/** Present fields must hold a value; `null` is refused rather than read as "unchanged". */
export const present = (_: object, value: unknown) => value !== undefined;
export const UUID = { message: 'must be a UUID' };
export const MAX_LINKS = 50;

/** A required text of 1 to `max` characters, trimmed. */
export const Text = (max: number) =>
  applyDecorators(Transform(trim), IsString(), Length(1, max, { message: `must be 1 to ${max} characters` }));

export const IdList = (max = MAX_LINKS) =>
  applyDecorators(
    ValidateIf(present),
    IsArray(),
    ArrayMaxSize(max),
    IsUUID('all', { each: true, message: 'each id must be a UUID' }),
  );

export const UrnList = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(MAX_LINKS),
    IsString({ each: true }),
    Length(1, 300, { each: true, message: 'each URN must be 1 to 300 characters' }),
  );
