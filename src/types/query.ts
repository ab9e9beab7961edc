/** A `where` argument as the contract shapes it: `{ title: { contains: 'x' }, author: { name: {...} }, OR: [...] }`. */
export type Where = Record<string, unknown>;
/** Drizzle relational-query filter (RQB v2). */
export type Filter = Record<string, unknown>;
