import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInput, FieldProblem } from '../errors/domain-errors';

class ValidationFailed extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flatten(e.children ?? [], field));
  });
}

/** Paths of strings holding a NUL character, which PostgreSQL text and jsonb cannot store. */
function nulPaths(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, `${path}[${i}]`));
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    return Object.entries(value as object).flatMap(([k, v]) => nulPaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/**
 * class-validator on every argument; failures become one BAD_USER_INPUT listing every field, named by
 * its path from the argument (`input.email`, `first`).
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: false,
      exceptionFactory: (errors) => new ValidationFailed(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = nulPaths(value, metadata.data ?? '');
    if (nul.length > 0) {
      throw new BadUserInput(nul.map((field) => ({ field, message: 'must not contain NUL characters' })));
    }
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof ValidationFailed) throw new BadUserInput(flatten(err.errors, metadata.data ?? ''));
      throw err;
    }
  }
}
