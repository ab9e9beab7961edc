import path from 'node:path';
import { describeError, drizzleGenerate, type Entity, type Hint, type Statement } from './drizzle-kit';
import { SNAPSHOTS } from './migrations';
import type { Target } from './targets';
import { ScriptError } from './tools';

/** `--rename posts.note=summary` (a column) or `--rename notes=memos` (a table). */
export interface Rename {
  spec: string;
  from: Entity;
  to: Entity;
  used: boolean;
}

export function parseRename(spec: string): Rename {
  const column = /^([a-z0-9_]+)\.([a-z0-9_]+)=([a-z0-9_]+)$/i.exec(spec);
  if (column)
    return { spec, from: ['public', column[1]!, column[2]!], to: ['public', column[1]!, column[3]!], used: false };
  const table = /^([a-z0-9_]+)=([a-z0-9_]+)$/i.exec(spec);
  if (table) return { spec, from: ['public', table[1]!], to: ['public', table[2]!], used: false };
  throw new ScriptError(
    `--rename ${spec}: write --rename <table>.<old_column>=<new_column> or --rename <old_table>=<new_table>`,
  );
}

export interface Plan {
  target: Target;
  statements: Statement[];
  /** Answers for drizzle-kit's questions; the real run must get the same ones. */
  hints: Hint[];
  /** New entities drizzle-kit could have taken for renames, planned as new. */
  created: Entity[];
}

const same = (a: Entity, b: Entity) => a.length === b.length && a.every((part, i) => part === b[i]);

/**
 * Asks drizzle-kit what it would do (`--explain`, nothing written). When it can't tell a rename from a drop plus a
 * create it returns `missing_hints` instead of prompting; each one is answered with the user's `--rename`, else as
 * "create", and it is asked again, so the plan shows the drops a rename would have avoided.
 */
export async function plan(target: Target, renames: Rename[]): Promise<Plan | undefined> {
  const hints: Hint[] = [];
  const created: Entity[] = [];
  for (let round = 0; round < 10; round++) {
    const envelope = await drizzleGenerate({
      schema: target.schema,
      out: path.join(target.migrations, SNAPSHOTS),
      explain: true,
      hints,
    });
    switch (envelope.status) {
      case 'no_changes':
        return undefined;
      case 'ok':
        return { target, statements: envelope.statements ?? [], hints, created };
      case 'error':
        throw new ScriptError(
          `drizzle-kit could not plan the ${target.label} (${target.config}): ${describeError(envelope)}`,
        );
      case 'missing_hints':
        for (const item of envelope.unresolved) {
          if (item.type === 'confirm_data_loss') {
            hints.push({ type: 'confirm_data_loss', kind: item.kind, entity: item.entity });
            continue;
          }
          const rename = renames.find((r) => same(r.to, item.entity));
          if (rename) {
            rename.used = true;
            hints.push({ type: 'rename', kind: item.kind, from: rename.from, to: rename.to });
          } else {
            hints.push({ type: 'create', kind: item.kind, entity: item.entity });
            created.push(item.entity);
          }
        }
    }
  }
  throw new ScriptError(`drizzle-kit kept asking questions about the ${target.label}; run it by hand with --explain`);
}
