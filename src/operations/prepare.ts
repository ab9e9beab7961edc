import type { Collection } from '../types/collection';
import type { Context } from '../types/context';
import { type FieldError, validationFailed } from '../errors';
import { resolveConnects } from '../validation/connect';
import { type Mode, type Path, type ReadInput, readInput } from '../validation/input';
import { deriveSlugs } from '../validation/slug';
import { checkUnique } from '../validation/unique';

export interface PendingItem {
  id: string;
  data: Record<string, unknown>;
  path: Path;
}

/**
 * Everything a write checks before it touches the database, for all its items at once: field rules and required
 * values, related items (one query per target field), derived slugs, then unique values. Field problems are collected
 * and thrown together as VALIDATION_FAILED; unique clashes as CONFLICT.
 */
export async function prepareWrite(
  ctx: Context,
  collection: Collection,
  items: PendingItem[],
  mode: Mode,
): Promise<ReadInput[]> {
  const errors: FieldError[] = [];
  const inputs = items.map((item) => readInput(ctx.cms, collection, item, mode, errors));
  await resolveConnects(
    ctx,
    inputs.flatMap((i) => i.connects),
    errors,
  );
  // Deriving a slug reads the database: not worth it for a write that is refused anyway.
  if (mode === 'create' && errors.length === 0) await deriveSlugs(ctx, collection, inputs, errors);
  if (errors.length) throw validationFailed(dedupe(errors));
  await checkUnique(ctx, collection, inputs);
  return inputs;
}

// A bulk update reads one `data` for many items: the same problem is reported once.
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = JSON.stringify([e.path, e.code, e.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
