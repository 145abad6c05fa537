import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { BadUserInput, GateNotMet, NotFound } from '../errors/domain-errors';
import { formatGraphQLError } from './format-error';

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
});
