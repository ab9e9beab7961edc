import type { PluginEvents } from '../../../types/plugin';
import type { ResolvedEmailOptions } from './options';
import { queueEmail } from './send';

/** The most reviewers told of one submission: a role with more members is better served by a shared inbox. */
const MAX_REVIEWERS = 50;

interface Recipient {
  email: string;
  name: string | null;
}

/**
 * The workflow's notifications: a submission (→ IN_REVIEW) to the active users of the roles that may approve (the
 * mover aside), an approval (IN_REVIEW → APPROVED) or a request for changes (IN_REVIEW → DRAFT) to the item's
 * creator (unless they made the move). Other moves send nothing.
 */
export async function notifyTransition(
  options: ResolvedEmailOptions,
  { ctx, collection, item, from, to, comment, reviewerRoles }: PluginEvents['afterWorkflowTransition'],
): Promise<void> {
  const email =
    to === 'IN_REVIEW'
      ? 'review-submitted'
      : from === 'IN_REVIEW' && to === 'APPROVED'
        ? 'review-approved'
        : from === 'IN_REVIEW' && to === 'DRAFT'
          ? 'review-rejected'
          : null;
  if (!email || !options.enabled[email]) return;
  const actor = ctx.viewer.kind === 'user' ? ctx.viewer : null;
  let recipients: Recipient[];
  if (email === 'review-submitted') {
    if (!reviewerRoles.length) return;
    const { results } = await ctx.env.DB.prepare(
      `select email, name from cms_users where role in (${reviewerRoles.map(() => '?').join(', ')})
        and deactivated_at is null and id != ? order by created_at limit ?`,
    )
      .bind(...reviewerRoles, actor?.id ?? '', MAX_REVIEWERS)
      .all<Recipient>();
    recipients = results;
  } else {
    const creator = typeof item.createdBy === 'string' ? item.createdBy : null;
    if (!creator || creator === actor?.id) return;
    const user = await ctx.env.DB.prepare('select email, name from cms_users where id = ? and deactivated_at is null')
      .bind(creator)
      .first<Recipient>();
    recipients = user ? [user] : [];
  }
  const title = typeof item.title === 'string' && item.title ? item.title : String(item.id);
  const data = {
    item: { title, collection, url: `${options.urls.admin}/${encodeURIComponent(collection)}/${item.id}` },
    actor: { name: actor?.email ?? 'Someone' },
    ...(comment ? { comment } : {}),
  };
  for (const to of recipients)
    await queueEmail(ctx, options, { email, to: to.email, data: { ...data, recipient: { name: to.name } } });
}
