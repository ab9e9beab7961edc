/** An SQLite literal for an encoded value (strings quoted, numbers as is). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Can't write ${value} to SQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  throw new Error(`Can't write a ${typeof value} to SQL`);
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Multi-row INSERTs, each kept under `maxBytes` (D1 caps one statement at 100 KB) and `maxRows` rows, so a
 * large seed becomes a few hundred statements instead of one per row.
 */
export function insertStatements(
  table: string,
  columns: string[],
  rows: unknown[][],
  maxBytes = 90_000,
  maxRows = 500,
): string[] {
  const head = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES\n`;
  const statements: string[] = [];
  let batch: string[] = [];
  let size = head.length;
  for (const row of rows) {
    const tuple = `(${row.map(literal).join(', ')})`;
    const bytes = Buffer.byteLength(tuple) + 2;
    if (batch.length && (size + bytes > maxBytes || batch.length >= maxRows)) {
      statements.push(`${head}${batch.join(',\n')};`);
      batch = [];
      size = head.length;
    }
    if (head.length + bytes > maxBytes)
      throw new Error(`A row of ${table} is ${bytes} bytes, above the ${maxBytes}-byte statement limit`);
    batch.push(tuple);
    size += bytes;
  }
  if (batch.length) statements.push(`${head}${batch.join(',\n')};`);
  return statements;
}
