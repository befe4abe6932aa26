/**
 * Liquid's filters with bounds its time limit cannot give (§11, R22). The engine looks at the
 * clock between a template's steps, never inside one output: a chain of filters, or one filter
 * over a range of millions, held the process for seconds to hours. Here each filter call looks
 * at the clock first, takes lists of at most TEMPLATE_COLLECTION_MAX items and property paths
 * of a few names; the filters whose cost per item a template writes are removed.
 */
import { TEMPLATE_COLLECTION_MAX } from '../domain/limits.ts';

/**
 * Filters that evaluate a Liquid expression for every item (`where_exp` and its kin), and
 * `sample`, which shuffles a whole string: no bound on one call's cost, no use in an email.
 */
const UNBOUNDED_FILTERS = [
  'where_exp',
  'reject_exp',
  'group_by_exp',
  'has_exp',
  'find_exp',
  'find_index_exp',
  'sample',
] as const;

/** Filters whose second argument is a property path, read on every item. */
const PROPERTY_FILTERS = new Set([
  'map',
  'sum',
  'sort',
  'sort_natural',
  'where',
  'reject',
  'group_by',
  'has',
  'find',
  'find_index',
]);

/** Longer than any path of the documented variables (`product.supportEmail`). */
const PROPERTY_MAX_LENGTH = 100;

type FilterHandler = (this: FilterThis, ...args: unknown[]) => unknown;
interface FilterThis {
  context: { renderLimit: { check(now: number): void } };
}
type FilterEntry = FilterHandler | { handler: FilterHandler; raw?: boolean };

function bounded(name: string, handler: FilterHandler): FilterHandler {
  return function (this: FilterThis, ...args: unknown[]) {
    this.context.renderLimit.check(performance.now());
    for (const arg of args) {
      if (Array.isArray(arg) && arg.length > TEMPLATE_COLLECTION_MAX)
        throw new Error(`${name} takes at most ${TEMPLATE_COLLECTION_MAX} items`);
    }
    const property = args[1];
    if (PROPERTY_FILTERS.has(name) && String(property ?? '').length > PROPERTY_MAX_LENGTH)
      throw new Error(`${name} takes a property of at most ${PROPERTY_MAX_LENGTH} characters`);
    return handler.apply(this, args);
  };
}

/** Removes the unbounded filters of `filters` and bounds every other, in place. */
export function boundFilters(filters: Record<string, unknown>): void {
  for (const name of UNBOUNDED_FILTERS) delete filters[name];
  for (const [name, entry] of Object.entries(filters as Record<string, FilterEntry>)) {
    filters[name] =
      typeof entry === 'function'
        ? bounded(name, entry)
        : { ...entry, handler: bounded(name, entry.handler) };
  }
}
