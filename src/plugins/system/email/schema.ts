import { requireAdmin } from '../../../auth/require';
import type { Builder } from '../../../types/builder';
import type { Context } from '../../../types/context';
import { badUserInput, notFound } from '../../../errors';
import { asJob } from './deliver';
import type { ResolvedEmailOptions } from './options';
import { dispatch } from './send';
import { DELIVERY_STATUSES, type DeliveryRow } from './tables';

const MAX_PAGE = 100;
const COLUMNS = `id, email, recipient, status, attempts, provider, provider_id as providerId, last_error as lastError,
  created_at as createdAt, updated_at as updatedAt`;

type Delivery = Omit<DeliveryRow, 'payload' | 'createdAt' | 'updatedAt'> & { createdAt: number; updatedAt: number };

/** The delivery log for admins: `emailDeliveries` (newest first, by pages) and `retryEmailDelivery`. */
export function emailSchema(options: ResolvedEmailOptions) {
  return (builder: Builder) => {
    const status = builder.enumType('EmailDeliveryStatus', { values: DELIVERY_STATUSES });
    const delivery = builder.objectRef<Delivery>('EmailDelivery').implement({
      description: 'One email in the delivery log. Its data is never shown (it may hold a one-time token).',
      fields: (t) => ({
        id: t.exposeID('id'),
        email: t.exposeString('email', { description: 'The email’s name: `password-reset`, `welcome`…' }),
        recipient: t.exposeString('recipient'),
        status: t.field({ type: status, resolve: (d) => d.status }),
        attempts: t.exposeInt('attempts'),
        provider: t.exposeString('provider', { nullable: true }),
        providerId: t.exposeString('providerId', { nullable: true }),
        lastError: t.exposeString('lastError', { nullable: true }),
        createdAt: t.field({ type: 'DateTime', resolve: (d) => new Date(d.createdAt) }),
        updatedAt: t.field({ type: 'DateTime', resolve: (d) => new Date(d.updatedAt) }),
      }),
    });
    builder.queryField('emailDeliveries', (t) =>
      t.field({
        type: [delivery],
        description: `The delivery log, newest first, at most ${MAX_PAGE} a page (\`after\` an id). Admins only.`,
        args: {
          status: t.arg({ type: status }),
          first: t.arg.int({ defaultValue: 20 }),
          after: t.arg.id(),
        },
        resolve: async (_root, args, ctx: Context) => {
          requireAdmin(ctx);
          const first = args.first ?? 20;
          if (first < 1 || first > MAX_PAGE) throw badUserInput(`\`first\` must be from 1 to ${MAX_PAGE}`);
          const where: string[] = [];
          const binds: unknown[] = [];
          if (args.status) where.push('status = ?') && binds.push(args.status);
          if (args.after) {
            where.push('(created_at, id) < (select created_at, id from cms_email_deliveries where id = ?)');
            binds.push(String(args.after));
          }
          const sql = `select ${COLUMNS} from cms_email_deliveries ${where.length ? `where ${where.join(' and ')}` : ''}
            order by created_at desc, id desc limit ?`;
          const { results } = await ctx.env.DB.prepare(sql)
            .bind(...binds, first)
            .all<Delivery>();
          return results;
        },
      }),
    );
    builder.mutationField('retryEmailDelivery', (t) =>
      t.field({
        type: delivery,
        description:
          'Sends a `DEAD` email again, with fresh attempts. Emails that carried a token (password reset, ' +
          'invitation) keep no data and can’t be resent: the user asks again. Admins only.',
        args: { id: t.arg.id({ required: true }) },
        resolve: async (_root, args, ctx: Context) => {
          requireAdmin(ctx);
          const id = String(args.id);
          const row = await ctx.env.DB.prepare('select status, payload from cms_email_deliveries where id = ?')
            .bind(id)
            .first<{ status: string; payload: string | null }>();
          if (!row) throw notFound(`Email delivery "${id.slice(0, 60)}"`);
          const job = row.payload ? asJob(JSON.parse(row.payload)) : null;
          if (!job) throw badUserInput('This email carried a one-time token and kept no data: it can’t be resent');
          // Only from DEAD, in one statement: two admins retrying at once send it once.
          const reset = await ctx.env.DB.prepare(
            `update cms_email_deliveries set status = 'QUEUED', attempts = 0, last_error = null, updated_at = ?
              where id = ? and status = 'DEAD' returning ${COLUMNS}`,
          )
            .bind(Date.now(), id)
            .first<Delivery>();
          if (!reset) throw badUserInput(`Only a DEAD email can be retried; this one is ${row.status}`);
          await dispatch(ctx, options, job);
          return reset;
        },
      }),
    );
  };
}
