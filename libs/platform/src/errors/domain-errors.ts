/** Typed domain errors; mapped to GraphQL `extensions.code` in one place (graphql/format-error.ts). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'GATE_NOT_MET'
  | 'RATE_LIMITED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, safe-to-show details placed in `extensions`. */
  readonly details: Record<string, unknown> = {};
}

export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Your role does not allow this operation') {
    super(message);
  }
}

export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(entity: string, id?: string) {
    super(id ? `${entity} ${id} not found` : `${entity} not found`);
    this.details.entity = entity;
    if (id) this.details.id = id;
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class BadUserInput extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: FieldProblem[]) {
    super(`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`);
    this.details.fields = fields;
  }

  static field(field: string, message: string): BadUserInput {
    return new BadUserInput([{ field, message }]);
  }
}

export class Conflict extends DomainError {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
  }
}

export interface UnmetCriterion {
  code: string;
  message: string;
  entityType?: string;
  entityId?: string;
}

export class GateNotMet extends DomainError {
  readonly code = 'GATE_NOT_MET';
  constructor(readonly unmet: UnmetCriterion[]) {
    super(`Phase gate not met: ${unmet.length} unmet criteria`);
    this.details.unmet = unmet;
  }
}

export class RateLimited extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds}s`);
    this.details.retryAfterSeconds = retryAfterSeconds;
  }
}
