import { randomUUID } from 'node:crypto';
import { errorCode, GqlResponse } from './gql';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A response with every UUID masked, so two answers can be compared for what they reveal. */
export function responseShape(res: GqlResponse) {
  return {
    data: res.data,
    errors: res.errors?.map((e) => JSON.parse(JSON.stringify(e).replace(UUID, '<id>')) as unknown),
  };
}

/**
 * Tenancy is sacred: for an operation that takes an id, proves that another organisation's id behaves
 * exactly like an id that does not exist at all: NOT_FOUND, same message and extensions, nothing leaked.
 * `run(id)` must perform the operation with the caller's own (other-organisation) credentials.
 */
export async function expectForeignIdBehavesAsMissing(
  run: (id: string) => Promise<GqlResponse>,
  foreignId: string,
): Promise<void> {
  const missing = await run(randomUUID());
  const foreign = await run(foreignId);
  expect(errorCode(missing)).toBe('NOT_FOUND');
  expect(errorCode(foreign)).toBe('NOT_FOUND');
  expect(responseShape(foreign)).toEqual(responseShape(missing));
}
