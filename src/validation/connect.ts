import type { Context } from '../types/context';
import { loadUnique } from '../db/unique-loader';
import type { FieldError } from '../errors';
import type { ConnectRequest } from './input';

/**
 * Looks up every related item named in `connect`, `set` and `disconnect` inputs and hands each request its id. The
 * lookups go through the request's by-unique loader: one SELECT per target collection and field, however many
 * items are named (cut to stay under D1's 100 bound parameters). A related item that does not exist is a field
 * error on the request's path (for `disconnect` it is simply skipped). Only items the caller may read can be
 * linked: any other is not found, and naming one by a private field the caller can't read is refused (it would
 * tell the value).
 */
export async function resolveConnects(ctx: Context, requests: ConnectRequest[], errors: FieldError[]): Promise<void> {
  for (const { target, key } of requests) {
    const field = target.field.get(key);
    if (field) ctx.access.checkField(target, field);
  }
  const found = await Promise.all(
    requests.map(({ target, key, value }) =>
      loadUnique(ctx, target, key, value, { columns: { id: true }, where: ctx.access.readable(target) }),
    ),
  );
  // Applied in input order, so `set` and `connect` lists keep their order and errors come in input order.
  requests.forEach((request, index) => {
    const id = found[index]?.id;
    if (id !== undefined) request.resolve(id);
    else if (!request.optional) {
      const { target, key, value, path } = request;
      errors.push({ path, code: 'NOT_FOUND', message: `no ${target.names.type} has ${key} "${String(value)}"` });
    }
  });
}
