import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { plainRows } from '../database/plain-rows';
import { BadUserInput } from '../errors/domain-errors';
import { ListBound } from './list-bound';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: 'Page size, at most 100.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'Opaque cursor from a previous page.' })
  @IsOptional()
  @IsString()
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type (Relay shape). */
export function ConnectionType<T>(node: Type<T>, name = node.name): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    @ListBound(1) // the connection field already multiplied its children by `first`
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass as Type<Connection<T>>;
}

type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What a cursor position may hold: a timestamp (ISO string), a number, or a UUID. */
export type CursorKind = 'date' | 'number' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed UUID (any version): what a uuid column can be compared with. */
export const isUuid = (value: string): boolean => UUID.test(value);

function fits(value: unknown, kind: CursorKind): boolean {
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'uuid') return typeof value === 'string' && isUuid(value);
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/**
 * Reads a cursor made by `encodeCursor`, checking each position against the kind the query will compare
 * it with, so a forged or stale cursor is the caller's BAD_USER_INPUT and never reaches SQL.
 */
export function decodeCursor(cursor: string, kinds: CursorKind[]): CursorValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === kinds.length &&
      values.every((v, i) => fits(v, kinds[i]))
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through
  }
  throw BadUserInput.field('after', 'is not a valid cursor');
}

export interface KeysetOptions<T> {
  first: number;
  after?: string;
  /** Sort key: a column expression (e.g. `risk.createdAt`) and how to read it from an entity. */
  sort: {
    column: string;
    value: (row: T) => CursorValue | Date;
    direction: 'ASC' | 'DESC';
    /** What the sort column holds (default: a timestamp). */
    kind?: 'date' | 'number';
  };
  /** Unique tiebreaker column, e.g. `risk.id`. */
  idColumn: string;
  id: (row: T) => string;
}

const TOTAL_COUNT = 'keyset_total_count';

/**
 * Keyset pagination over a filtered query: one statement for the page (first + 1 rows, read as plain
 * rows, see `plainRows`) and the total of the whole filter, counted by a subquery of that statement (a
 * page past the end, which has no row to carry it, counts in a second statement). The cursor carries the sort value and id of the last row, so
 * pages stay stable under inserts.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  opts: KeysetOptions<T>,
): Promise<Connection<T>> {
  const { sort, idColumn, first } = opts;
  const count = qb.clone().orderBy().select('COUNT(1)');
  const page = qb.clone();
  if (opts.after) {
    const [value, id] = decodeCursor(opts.after, [sort.kind ?? 'date', 'uuid']);
    const op = sort.direction === 'DESC' ? '<' : '>';
    page.andWhere(`(${sort.column}, ${idColumn}) ${op} (:cursorValue, :cursorId)`, {
      cursorValue: value,
      cursorId: id,
    });
  }
  const { rows, extras } = await plainRows(
    page
      .orderBy(sort.column, sort.direction)
      .addOrderBy(idColumn, sort.direction)
      .limit(first + 1),
    { [TOTAL_COUNT]: `(${count.getQuery()})` },
  );
  const totalCount = rows.length > 0 ? Number(extras[0][TOTAL_COUNT]) : await count.getCount();
  const hasNextPage = rows.length > first;
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => {
    const raw = sort.value(node);
    return { node, cursor: encodeCursor([raw instanceof Date ? raw.toISOString() : raw, opts.id(node)]) };
  });
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(opts.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
