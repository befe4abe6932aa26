/**
 * `true` when `Columns` names every column of `Row`, else the names it lacks: a list of
 * columns for a statement that must not say `*` is declared `true` of this type, so that a
 * column a later migration adds fails the type check instead of going silently unread.
 */
export type EveryColumn<Row, Columns extends readonly PropertyKey[]> = [
  Exclude<keyof Row, Columns[number]>,
] extends [never]
  ? true
  : Exclude<keyof Row, Columns[number]>;
