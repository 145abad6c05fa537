import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '../errors/domain-errors';

const HTTP_CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

/** The innermost error a GraphQL error wraps (itself when it wraps none). */
function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}

/** The code of an error the API raises on purpose (bad input, not found, conflict, ...); undefined otherwise. */
export function expectedErrorCode(error: unknown): string | undefined {
  if (error instanceof DomainError) return error.code;
  if (error instanceof HttpException) return HTTP_CODES[error.getStatus()];
  if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505')
    return 'CONFLICT';
  return undefined;
}

/**
 * What the log keeps of an unexpected error: its type, message, stack and code, never its other
 * properties (a QueryFailedError carries the SQL and its parameters: password hashes, emails, bodies).
 */
export function internalErrorLog(err: unknown): { msg: string; error: Record<string, unknown> } {
  const msg = 'unexpected error in a GraphQL operation';
  if (!(err instanceof Error)) return { msg, error: { type: typeof err } };
  const driverCode =
    err instanceof QueryFailedError ? (err.driverError as { code?: unknown })?.code : undefined;
  const ownCode = (err as { code?: unknown }).code;
  const code = driverCode ?? ownCode;
  return {
    msg,
    error: {
      type: err.name,
      message: err.message,
      stack: err.stack,
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    },
  };
}

/**
 * The one place where errors become GraphQL errors. Domain errors keep their code and safe details;
 * errors raised by GraphQL itself (parse, validation, variable coercion) keep theirs; anything else is
 * reported as INTERNAL_SERVER_ERROR without message, stack or SQL.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (err: unknown) => void = () => undefined,
  options: { production?: boolean } = {},
): GraphQLFormattedError {
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const original = error instanceof GraphQLError ? error.originalError : error;

  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    // The parser's own words only for a syntax error outside production; never a crash's message.
    const syntax = rootCause(error) instanceof GraphQLError;
    return {
      message: syntax && !options.production ? formatted.message : 'The query document could not be parsed',
      ...(syntax && !options.production ? { locations: formatted.locations } : {}),
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    };
  }

  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof HttpException && HTTP_CODES[original.getStatus()]) {
    return { ...base, extensions: { code: HTTP_CODES[original.getStatus()] } };
  }
  if (original instanceof QueryFailedError && (original.driverError as { code?: string })?.code === '23505') {
    // A unique constraint caught a race the service's own check could not see.
    return {
      ...base,
      message: 'A record with these values already exists',
      extensions: { code: 'CONFLICT' },
    };
  }
  if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
    // Raised by GraphQL itself from the request (syntax, validation, variable coercion): the caller's input.
    const code = formatted.extensions?.code;
    return {
      ...base,
      extensions: { code: !code || code === 'INTERNAL_SERVER_ERROR' ? 'BAD_USER_INPUT' : code },
    };
  }
  onInternal(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
