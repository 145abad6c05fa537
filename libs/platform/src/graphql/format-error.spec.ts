import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { BadUserInput, GateNotMet, NotFound } from '../errors/domain-errors';
import { formatGraphQLError, internalErrorLog } from './format-error';

const formatted = (message: string) => ({
  message,
  path: ['field'],
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
});
const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original });

describe('formatGraphQLError', () => {
  it('keeps the code and safe details of domain errors', () => {
    const out = formatGraphQLError(
      formatted('x'),
      wrap(BadUserInput.field('input.title', 'must not be empty')),
    );
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.title', message: 'must not be empty' }],
    });
    expect(formatGraphQLError(formatted('x'), wrap(new NotFound('Risk', 'r1'))).extensions?.code).toBe(
      'NOT_FOUND',
    );
    const gate = formatGraphQLError(
      formatted('x'),
      wrap(new GateNotMet([{ code: 'SOA_INCOMPLETE', message: 'm' }])),
    );
    expect(gate.extensions).toMatchObject({ code: 'GATE_NOT_MET', unmet: [{ code: 'SOA_INCOMPLETE' }] });
  });

  it('reports unexpected errors without message, stack or SQL, and hands them to the logger', () => {
    const sql = new QueryFailedError('SELECT secret FROM t', [], new Error('relation "t" does not exist'));
    const logged: unknown[] = [];
    const out = formatGraphQLError(formatted(sql.message), wrap(sql), (err) => logged.push(err));
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['field'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(out)).not.toMatch(/SELECT|relation|stack/);
    expect(logged).toEqual([sql]);
    const plain = formatGraphQLError(
      formatted('TypeError: x is undefined'),
      wrap(new TypeError('x is undefined')),
    );
    expect(plain.message).toBe('Internal server error');
  });

  it('maps unique-constraint races to CONFLICT', () => {
    const dup = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate'), { code: '23505' }));
    expect(formatGraphQLError(formatted('x'), wrap(dup)).extensions?.code).toBe('CONFLICT');
  });

  it('treats errors raised by GraphQL itself as the caller’s input', () => {
    const coercion = new GraphQLError('Variable "$input" got invalid value');
    expect(formatGraphQLError({ message: coercion.message }, coercion).extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('logs an unexpected SQL failure by type, message, stack and code, never its query or parameters', () => {
    const hash = '$argon2id$v=19$m=65536$c2VjcmV0';
    const failed = new QueryFailedError(
      'INSERT INTO "user"("email", "password_hash") VALUES ($1, $2)',
      ['someone@example.com', hash],
      Object.assign(new Error('value too long for type character varying(255)'), { code: '22001' }),
    );
    const logged = internalErrorLog(failed);
    expect(logged).toEqual({
      msg: 'unexpected error in a GraphQL operation',
      error: {
        type: 'QueryFailedError',
        message: 'value too long for type character varying(255)',
        stack: failed.stack,
        code: '22001',
      },
    });
    const text = JSON.stringify(logged);
    expect(text).not.toContain(hash);
    expect(text).not.toContain('someone@example.com');
    expect(text).not.toContain('INSERT INTO');
  });

  it('logs other unexpected errors by type and message only', () => {
    const err = Object.assign(new TypeError('x is undefined'), { body: 'secret webhook body' });
    expect(internalErrorLog(err).error).toEqual({
      type: 'TypeError',
      message: 'x is undefined',
      stack: err.stack,
    });
    expect(internalErrorLog('boom').error).toEqual({ type: 'string' });
  });
});
