import { requireAdmin } from '../../../auth/require';
import { badUserInput, notFound, validationFailed } from '../../../errors';
import { recordEvent } from '../../../log/events';
import type { Builder } from '../../../types/builder';
import type { Context } from '../../../types/context';
import { DEFAULT_EMAIL_LAYOUT, DEFAULT_EMAILS, type EmailName } from '../../../templates/emails';
import { type MessageTemplates, type RenderedMessage, renderMessage } from '../../../templates/message';
import type { ResolvedEmailOptions } from './options';
import {
  isEmailName,
  type Override,
  overrideOf,
  resetOverride,
  saveOverride,
  type TemplateRow,
  templateRow,
  templateRows,
} from './overrides';
import { mergeSample } from './sample';
import { asFieldError, assertTemplates, variablesOf } from './template-rules';

/** An email as the admin API shows it: its default, its row (override and version) if it has one. */
interface EmailTemplateView {
  name: EmailName;
  row: TemplateRow | null;
}

const view = (name: EmailName, row: TemplateRow | null): EmailTemplateView => ({ name, row });

function emailNamed(name: string): EmailName {
  if (!isEmailName(name)) throw notFound(`Email "${name.slice(0, 60)}"`);
  return name;
}

function templateEvent(ctx: Context, event: string, name: EmailName, version: number) {
  recordEvent(ctx, {
    kind: 'security',
    event,
    requestId: ctx.requestId,
    userId: ctx.viewer.kind === 'user' ? ctx.viewer.id : null,
    detail: { email: name, version },
  });
}

/**
 * The default emails' templates for admins: `emailTemplates`, `emailTemplate(name)`, `updateEmailTemplate`,
 * `resetEmailTemplate` and `previewEmailTemplate` (docs/email.md, "Editing templates").
 */
export function emailTemplateSchema(options: ResolvedEmailOptions) {
  return (builder: Builder) => {
    const variable = builder.objectRef<{ path: string; description: string }>('EmailTemplateVariable').implement({
      description: 'A value an email’s templates may read, by its path (`{{recipient.name}}`).',
      fields: (t) => ({ path: t.exposeString('path'), description: t.exposeString('description') }),
    });
    const parts = builder.objectRef<MessageTemplates>('EmailTemplateParts').implement({
      description: 'An email’s templates. The HTML part is rendered inside the default layout.',
      fields: (t) => ({
        subject: t.exposeString('subject'),
        html: t.exposeString('html'),
        text: t.string({
          nullable: true,
          description: 'The plain-text part’s template; null: the text part is made from the HTML part.',
          resolve: (p) => p.text ?? null,
        }),
      }),
    });
    const override = builder.objectRef<Override>('EmailTemplateOverride').implement({
      description: 'An admin’s templates for an email, sent instead of its default.',
      fields: (t) => ({
        subject: t.exposeString('subject'),
        html: t.exposeString('html'),
        text: t.string({ nullable: true, resolve: (o) => o.text ?? null }),
        version: t.exposeInt('version'),
        updatedAt: t.field({ type: 'DateTime', resolve: (o) => new Date(o.updatedAt) }),
        updatedBy: t.id({
          nullable: true,
          description: 'The admin who saved it (a user id).',
          resolve: (o) => o.updatedBy,
        }),
      }),
    });
    const template = builder.objectRef<EmailTemplateView>('EmailTemplate').implement({
      description: 'One of the emails the CMS sends, with its default templates and an admin’s override, if any.',
      fields: (t) => ({
        name: t.string({ description: 'The email’s name: `password-reset`, `welcome`…', resolve: (v) => v.name }),
        description: t.string({ resolve: (v) => DEFAULT_EMAILS[v.name].description }),
        variables: t.field({
          type: [variable],
          description: 'What its templates may read; any other variable is refused when saving.',
          resolve: (v) => Object.entries(variablesOf(v.name)).map(([path, description]) => ({ path, description })),
        }),
        sample: t.field({
          type: 'JSON',
          description: 'The data a preview renders with, before the preview’s own `data`.',
          resolve: (v) => mergeSample(v.name, options, {}),
        }),
        default: t.field({ type: parts, resolve: (v) => DEFAULT_EMAILS[v.name] }),
        override: t.field({ type: override, nullable: true, resolve: (v) => overrideOf(v.row) }),
        overridden: t.boolean({ resolve: (v) => overrideOf(v.row) !== null }),
        version: t.int({
          description: 'What `updateEmailTemplate` must name: 0 until first saved; each save and reset adds one.',
          resolve: (v) => v.row?.version ?? 0,
        }),
      }),
    });
    const preview = builder.objectRef<RenderedMessage>('EmailPreview').implement({
      description: 'An email rendered against sample data. `html` is a string to inspect, never served as a page.',
      fields: (t) => ({
        subject: t.exposeString('subject'),
        html: t.exposeString('html'),
        text: t.exposeString('text', { description: 'Always there: made from the HTML part without a text template.' }),
      }),
    });

    builder.queryField('emailTemplates', (t) =>
      t.field({
        type: [template],
        description: 'Every email the CMS sends, with its templates. Admins only.',
        resolve: async (_root, _args, ctx: Context) => {
          requireAdmin(ctx);
          const rows = await templateRows(ctx.env.DB);
          return (Object.keys(DEFAULT_EMAILS) as EmailName[]).map((name) => view(name, rows.get(name) ?? null));
        },
      }),
    );
    builder.queryField('emailTemplate', (t) =>
      t.field({
        type: template,
        description: 'One email’s templates by name (NOT_FOUND for an email the CMS doesn’t send). Admins only.',
        args: { name: t.arg.string({ required: true }) },
        resolve: async (_root, args, ctx: Context) => {
          requireAdmin(ctx);
          const name = emailNamed(args.name);
          return view(name, await templateRow(ctx.env.DB, name));
        },
      }),
    );
    builder.mutationField('updateEmailTemplate', (t) =>
      t.field({
        type: template,
        description:
          'Saves an admin’s templates for an email, sent from then on instead of its default. `version` is the one ' +
          'read (CONFLICT when it changed since). Templates with a syntax error or an unknown variable are refused ' +
          '(VALIDATION_FAILED, each error with its line and column) and nothing is saved. A null `text` makes the ' +
          'text part from the HTML part. Admins only.',
        args: {
          name: t.arg.string({ required: true }),
          subject: t.arg.string({ required: true }),
          html: t.arg.string({ required: true }),
          text: t.arg.string(),
          version: t.arg.int({ required: true }),
        },
        resolve: async (_root, args, ctx: Context) => {
          const admin = requireAdmin(ctx);
          const name = emailNamed(args.name);
          if (args.version < 0) throw badUserInput('`version` is 0 or more');
          const templates = { subject: args.subject, html: args.html, text: args.text || null };
          assertTemplates(name, templates);
          const row = await saveOverride(ctx.env.DB, name, templates, args.version, admin.id);
          templateEvent(ctx, 'email_template_updated', name, row.version);
          return view(name, row);
        },
      }),
    );
    builder.mutationField('resetEmailTemplate', (t) =>
      t.field({
        type: template,
        description: 'Drops an email’s override: its default is sent again. Does nothing without one. Admins only.',
        args: { name: t.arg.string({ required: true }) },
        resolve: async (_root, args, ctx: Context) => {
          const admin = requireAdmin(ctx);
          const name = emailNamed(args.name);
          const reset = await resetOverride(ctx.env.DB, name, admin.id);
          if (reset) templateEvent(ctx, 'email_template_reset', name, reset.version);
          return view(name, reset ?? (await templateRow(ctx.env.DB, name)));
        },
      }),
    );
    builder.queryField('previewEmailTemplate', (t) =>
      t.field({
        type: preview,
        description:
          'Renders an email without sending it: the templates given (unsaved), else the saved override, else the ' +
          'default, against its sample data merged with `data`. Errors as on saving (VALIDATION_FAILED). Admins only.',
        args: {
          name: t.arg.string({ required: true }),
          subject: t.arg.string(),
          html: t.arg.string(),
          text: t.arg.string(),
          data: t.arg({ type: 'JSON' }),
        },
        resolve: async (_root, args, ctx: Context) => {
          requireAdmin(ctx);
          const name = emailNamed(args.name);
          const given = {
            subject: args.subject ?? undefined,
            html: args.html ?? undefined,
            text: args.text ?? undefined,
          };
          assertTemplates(name, given);
          const stored = overrideOf(await templateRow(ctx.env.DB, name)) ?? DEFAULT_EMAILS[name];
          const templates = {
            subject: given.subject ?? stored.subject,
            html: given.html ?? stored.html,
            // `text: ""` previews the text part made from the HTML part, as saving without one would send.
            text: given.text ?? stored.text,
          };
          const data = mergeSample(name, options, args.data);
          try {
            return renderMessage(templates, data, { name, layout: DEFAULT_EMAIL_LAYOUT });
          } catch (error) {
            const where = String((error as { extensions?: { template?: string } })?.extensions?.template ?? '');
            const part = where.endsWith('.subject') ? 'subject' : where.endsWith('.text') ? 'text' : 'html';
            throw validationFailed([asFieldError(part, error)]);
          }
        },
      }),
    );
  };
}
