import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;
/** Present fields must hold a value; `null` is refused rather than read as "unchanged". */
export const present = (_: object, value: unknown) => value !== undefined;

export const MAX_LIST = 50;

/** Decorators applied as if stacked above a property: the last one first. */
const stacked = (...decorators: PropertyDecorator[]) => applyDecorators(...decorators.reverse());

/** A list of short entries: trimmed, at most MAX_LIST, each 1 to 200 characters. */
export const EntryList = () =>
  stacked(
    Transform(trimEach),
    IsArray(),
    ArrayMaxSize(MAX_LIST),
    IsString({ each: true }),
    Length(1, 200, { each: true, message: 'each entry must be 1 to 200 characters' }),
  );

/** Optional free text of at most `max` characters. */
export const OptionalText = (max: number) => stacked(IsOptional(), IsString(), MaxLength(max));
