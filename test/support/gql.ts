import request from 'supertest';

export interface GqlError {
  message: string;
  extensions?: { code?: string; fields?: { field: string; message: string }[]; [key: string]: unknown };
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data: T;
  errors?: GqlError[];
}

/** Sends one GraphQL request over HTTP, as any client would. */
export async function gql<T = Record<string, any>>(
  http: unknown,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const req = request(http as Parameters<typeof request>[0])
    .post('/graphql')
    .set('content-type', 'application/json')
    .set(headers);
  if (token) req.set('authorization', `Bearer ${token}`);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body?.data, errors: res.body?.errors };
}

/** The data of a request that must succeed; fails the test with the errors otherwise. */
export async function gqlOk<T = Record<string, any>>(
  http: unknown,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await gql<T>(http, token, query, variables);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data;
}

/** The first error's code, for `expect(errorCode(res)).toBe('FORBIDDEN')`. */
export function errorCode(res: GqlResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

/** Field names reported in a BAD_USER_INPUT error. */
export function badFields(res: GqlResponse): string[] {
  return (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}
