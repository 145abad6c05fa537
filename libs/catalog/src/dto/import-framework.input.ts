import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MinLength } from 'class-validator';
import { CatalogFormat } from '../catalog-content';

@InputType()
export class ImportFrameworkInput {
  @Field({
    description:
      'A framework (top-level `requirements`) or a mapping set (top-level `mappings`) in the catalog file format; ' +
      'at most 512 KiB.',
  })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  content: string;

  @Field(() => CatalogFormat, {
    nullable: true,
    defaultValue: CatalogFormat.YAML,
    description: 'YAML by default.',
  })
  @IsOptional()
  @IsEnum(CatalogFormat)
  format?: CatalogFormat;
}
