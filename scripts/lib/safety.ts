import type { ColumnAlter, Entity, Statement } from './drizzle-kit';

export interface Problem {
  /** What would happen, naming the table and column. */
  message: string;
  /** What the user can do instead. */
  fix: string;
}

export interface Review {
  problems: Problem[];
  warnings: string[];
}

const q = (name: string) => `\`${name}\``;

/**
 * Sorts a planned migration into what is safe on a database with rows and what is not. Safe: new tables, new
 * nullable (or defaulted) columns, indexes, renames the user confirmed. Not safe: anything that drops a table or a
 * column, or rebuilds a table (SQLite's only way to change a column). `created` are the new tables and columns that
 * drizzle-kit could not tell from renames and that were planned as new, so the messages can suggest `--rename`.
 */
export function review(statements: Statement[], created: Entity[] = []): Review {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const newTables = new Set(statements.flatMap((s) => (s.type === 'create_table' ? [s.table.name] : [])));
  const rebuilt = new Set(statements.flatMap((s) => (s.type === 'recreate_table' ? [s.to.name] : [])));
  // A unique index dropped and created again (a renamed column, a renamed table) held already.
  const renamedTo = new Map<string, string>();
  for (const s of statements) {
    if (s.type === 'rename_column') renamedTo.set(`${s.table}.${s.from}`, s.to);
    if (s.type === 'rename_table') renamedTo.set(s.from, s.to);
  }
  const indexKey = (table: string, columns: string[]) => `${table}(${columns.join(',')})`;
  const droppedUnique = new Set(
    statements.flatMap((s) => {
      if (s.type !== 'drop_index' || !s.index.isUnique) return [];
      const table = renamedTo.get(s.index.table) ?? s.index.table;
      return [
        indexKey(
          table,
          s.index.columns.map((c) => renamedTo.get(`${s.index.table}.${c.value}`) ?? c.value),
        ),
      ];
    }),
  );
  const newColumns = new Set(
    statements.flatMap((s) => (s.type === 'add_column' ? [`${s.column.table}.${s.column.name}`] : [])),
  );
  const createdTables = created.filter((e) => e.length === 2).map((e) => e[1]);
  const createdColumns = (table: string) => created.filter((e) => e.length === 3 && e[1] === table).map((e) => e[2]!);

  for (const s of statements) {
    switch (s.type) {
      case 'drop_table': {
        const renameTo = createdTables.length === 1 ? createdTables[0]! : '<new_table>';
        problems.push({
          message: `table ${q(s.tableName)} would be dropped with all its rows (its collection was removed or renamed).`,
          fix:
            createdTables.length > 0
              ? `If the collection was renamed, keep its rows with \`--rename ${s.tableName}=${renameTo}\`; otherwise put it back.`
              : 'Put the collection back in schema/collections/, or drop it on purpose with --allow-destructive.',
        });
        break;
      }
      case 'drop_column': {
        const { table, name } = s.column;
        const added = createdColumns(table);
        problems.push({
          message: `column ${q(`${table}.${name}`)} would be dropped with its data (its field was removed or renamed).`,
          fix:
            added.length > 0
              ? `If the field was renamed, keep its data with \`--rename ${table}.${name}=${added.length === 1 ? added[0] : '<new_column>'}\`; otherwise put it back.`
              : 'Put the field back, or drop it on purpose with --allow-destructive.',
        });
        break;
      }
      case 'recreate_column':
        problems.push({
          message: `column ${q(`${s.column.table}.${s.column.name}`)} would be dropped and added again, losing its data.`,
          fix: 'Add a new field instead of changing this one, or pass --allow-destructive.',
        });
        break;
      case 'recreate_table': {
        const reasons = s.columnAlters.flatMap(describeAlter);
        problems.push({
          message:
            `table ${q(s.to.name)} would be rebuilt (copied into ${q(`__new_${s.to.name}`)}, dropped and renamed) because ` +
            `${reasons.length ? reasons.join('; ') : 'a foreign key, primary key or constraint changed'}. SQLite can't alter ` +
            'a column in place, and on D1 foreign keys stay enforced, so dropping the old table fires the ON DELETE ' +
            'actions of rows that point at it (join rows deleted, links cleared).',
          fix: 'Revert that change and add a new field instead, or pass --allow-destructive on a database you can wipe.',
        });
        break;
      }
      case 'add_column': {
        const c = s.column;
        if (c.notNull && c.default === null)
          problems.push({
            message: `column ${q(`${c.table}.${c.name}`)} would be added as NOT NULL without a DEFAULT, which SQLite refuses on a table that has rows (the migration would fail).`,
            fix: 'Give the field a `default`, or make it optional (no `required: true`).',
          });
        break;
      }
      case 'create_index': {
        const { index } = s;
        const onExisting = index.columns.some((c) => c.isExpression || !newColumns.has(`${index.table}.${c.value}`));
        const existed = droppedUnique.has(
          indexKey(
            index.table,
            index.columns.map((c) => c.value),
          ),
        );
        if (index.isUnique && !newTables.has(index.table) && !rebuilt.has(index.table) && onExisting && !existed)
          warnings.push(
            `unique index ${q(index.name)} on existing column(s) of ${q(index.table)}: applying it fails if rows already hold duplicate values.`,
          );
        break;
      }
      case 'create_table':
      case 'rename_table':
      case 'rename_column':
      case 'drop_index':
      case 'create_view':
      case 'drop_view':
        break;
      default:
        problems.push({
          message: `drizzle-kit planned a change this script does not know (${s.type.replace('unknown:', '')}).`,
          fix: 'Read the SQL with `npx drizzle-kit generate --explain` and pass --allow-destructive if it is safe.',
        });
    }
  }
  return { problems, warnings };
}

function describeAlter(alter: ColumnAlter): string[] {
  const out: string[] = [];
  if (alter.type) out.push(`${q(alter.name)} changes type ${alter.type.from} → ${alter.type.to}`);
  if (alter.notNull)
    out.push(`${q(alter.name)} ${alter.notNull.to ? 'becomes required (NOT NULL)' : 'becomes optional'}`);
  if (alter.default)
    out.push(`${q(alter.name)} changes its default ${fmt(alter.default.from)} → ${fmt(alter.default.to)}`);
  return out;
}

const fmt = (value: unknown) => (value === null || value === undefined ? 'none' : String(value));

/**
 * A second look at the SQL drizzle-kit wrote, independent of its JSON plan, so nothing destructive slips through
 * a statement type this script reads wrongly. Returns what it found, one line each.
 */
export function destructiveSql(sql: string): string[] {
  const found: string[] = [];
  for (const statement of sql.split(/;\s*(?:--> statement-breakpoint)?/)) {
    const s = statement.replace(/^\s*--.*$/gm, '').trim();
    if (!s) continue;
    if (/^DROP\s+TABLE\b/i.test(s)) found.push(s.split('\n')[0]!);
    else if (/^ALTER\s+TABLE\s+\S+\s+DROP\s+(COLUMN\s+)?/i.test(s)) found.push(s.split('\n')[0]!);
    else if (/^CREATE\s+TABLE\s+[`"]?__new_/i.test(s)) found.push(s.split('\n')[0]!);
    else if (/^ALTER\s+TABLE\s+\S+\s+ADD\s/i.test(s) && /\bNOT\s+NULL\b/i.test(s) && !/\bDEFAULT\b/i.test(s))
      found.push(s.split('\n')[0]!);
  }
  return found;
}
