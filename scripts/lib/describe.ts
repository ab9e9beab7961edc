import type { Statement } from './drizzle-kit';
import { cleanName } from './migrations';

/** One line per planned statement, for the terminal. */
export function summarise(s: Statement): string {
  switch (s.type) {
    case 'create_table':
      return `+ table ${s.table.name}`;
    case 'drop_table':
      return `- table ${s.tableName}`;
    case 'rename_table':
      return `~ table ${s.from} → ${s.to}`;
    case 'add_column':
      return `+ column ${s.column.table}.${s.column.name}`;
    case 'drop_column':
      return `- column ${s.column.table}.${s.column.name}`;
    case 'rename_column':
      return `~ column ${s.table}.${s.from} → ${s.to}`;
    case 'recreate_column':
      return `! column ${s.column.table}.${s.column.name} dropped and added again`;
    case 'recreate_table':
      return `! table ${s.to.name} rebuilt`;
    case 'create_index':
      return `+ ${s.index.isUnique ? 'unique index' : 'index'} ${s.index.name}`;
    case 'drop_index':
      return `- index ${s.index.name}`;
    case 'create_view':
      return `+ view ${s.view.name}`;
    case 'drop_view':
      return `- view ${s.view.name}`;
    default:
      return `? ${s.type.replace('unknown:', '')}`;
  }
}

function part(s: Statement): string | undefined {
  switch (s.type) {
    case 'create_table':
      return `create_${s.table.name}`;
    case 'drop_table':
      return `drop_${s.tableName}`;
    case 'rename_table':
      return `rename_${s.from}_to_${s.to}`;
    case 'add_column':
      return `add_${s.column.table}_${s.column.name}`;
    case 'drop_column':
      return `drop_${s.column.table}_${s.column.name}`;
    case 'rename_column':
      return `rename_${s.table}_${s.from}_to_${s.to}`;
    case 'recreate_table':
      return `rebuild_${s.to.name}`;
    case 'create_index':
    case 'drop_index':
      return `index_${s.index.table}`;
    default:
      return undefined;
  }
}

/** A file-name part for a migration from what it does: `create_notes`, `add_posts_subtitle_and_more`. */
export function suggestName(statements: Statement[]): string {
  // Indexes come with most changes; they name the migration only when they are all it does.
  const main = statements.filter((s) => s.type !== 'create_index' && s.type !== 'drop_index');
  const parts = [...new Set((main.length ? main : statements).map(part).filter((p): p is string => p !== undefined))];
  if (parts.length === 0) return 'update';
  return cleanName(parts.length === 1 ? parts[0]! : `${parts[0]}_and_more`);
}
