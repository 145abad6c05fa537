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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL text and jsonb could not store this string (NUL, or UTF-16 that is not Unicode), if at all. */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/** Every string in an argument that could not be stored, named by its path, checked before any validator runs. */
export function unstorableStrings(value: unknown, path: string): FieldProblem[] {
  if (typeof value === 'string') {
    const message = unstorable(value);
    return message ? [{ field: path, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableStrings(v, `${path}[${i}]`));
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    return Object.entries(value as object).flatMap(([k, v]) => [
      ...unstorableStrings(k, path ? `${path}.${k}` : k),
      ...unstorableStrings(v, path ? `${path}.${k}` : k),
    ]);
  }
  return [];
}

/**
 * How Nest names the parameters of a GraphQL resolver (its GqlParamtype, which @nestjs/graphql does not
 * export): the parent (0), the context (1) and the info (2) are the server's own values; only the
 * arguments (3) come from the client.
 */
const GRAPHQL_ARGS = 3;

/** A resolver parameter that is not the client's input: a field resolver's parent, the context, the info. */
function isServerValue(metadata: ArgumentMetadata): boolean {
  const type: unknown = metadata.type;
  return typeof type === 'number' && type !== GRAPHQL_ARGS;
}

/**
 * class-validator on every argument the client sends; failures become one BAD_USER_INPUT listing every
 * field, named by its path from the argument (`input.email`, `first`). Field resolvers' parents, context
 * and info pass as they are: copying and validating a parent row for every field of every node of a page
 * is wasted work.
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
    if (isServerValue(metadata)) return value;
    const unstorableFields = unstorableStrings(value, metadata.data ?? '');
    if (unstorableFields.length > 0) throw new BadUserInput(unstorableFields);
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof ValidationFailed) throw new BadUserInput(flatten(err.errors, metadata.data ?? ''));
      throw err;
    }
  }
}
