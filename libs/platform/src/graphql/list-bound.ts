import { Extensions } from '@nestjs/graphql';

/** Field extension holding how many items a plain list field (no `first`) may return at most. */
export const LIST_BOUND = 'listBound';

/** What a plain list counts for when its field declares no bound of its own. */
export const DEFAULT_LIST_BOUND = 20;

/**
 * Declares the most items a plain list field returns, its cost multiplier in the query-cost limit
 * (`@ListBound(7)` on a list of the seven phases; `@ListBound(1)` where a parent already multiplied).
 */
export const ListBound = (bound: number) => Extensions({ [LIST_BOUND]: bound });
