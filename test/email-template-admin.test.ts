import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { templateProblems } from '../src/plugins/system/email/template-rules';
import { DEFAULT_EMAILS, type EmailName } from '../src/templates/emails';
import { signedIn, userWithPassword } from './auth-helpers';
import { config, emailWorker, outbox } from './email-helpers';
import { codes } from './helpers';

const TEMPLATE = `query T($name: String!) {
  emailTemplate(name: $name) {
    name description overridden version variables { path description }
    default { subject html text }
    override { subject html text version updatedBy }
  }
}`;
const LIST = `{ emailTemplates { name overridden version } }`;
const UPDATE = `mutation U($name: String!, $subject: String!, $html: String!, $text: String, $version: Int!) {
  updateEmailTemplate(name: $name, subject: $subject, html: $html, text: $text, version: $version) {
    overridden version override { subject html text version updatedBy }
  }
}`;
const RESET = `mutation R($name: String!) { resetEmailTemplate(name: $name) { overridden version override { version } } }`;
const PREVIEW = `query P($name: String!, $subject: String, $html: String, $text: String, $data: JSON) {
  previewEmailTemplate(name: $name, subject: $subject, html: $html, text: $text, data: $data) { subject html text }
}`;
const REQUEST = `mutation R($email: String!) { requestPasswordReset(email: $email) }`;
const EVENTS = `query E($event: String) { eventLog(event: $event, first: 10) { event userId detail } }`;

type FieldError = { path: string[]; code: string; message: string; line?: number; column?: number };
const fieldErrors = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors?.[0]?.extensions?.fieldErrors ?? []) as FieldError[];

/** A password reset requested, delivered by the queue's consumer; the email the development provider kept. */
async function resetEmail(w: ReturnType<typeof emailWorker>) {
  const user = await userWithPassword('editor');
  await w.gql(REQUEST, { email: user.email });
  const job = w.sent.at(-1)!;
  expect(job.to).toBe(user.email);
  await w.consume([job]);
  const [mail] = await outbox(user.email);
  expect(mail, 'the reset email was sent').toBeDefined();
  return mail as { subject: string; html: string; text: string };
}

const current = async (w: ReturnType<typeof emailWorker>, name: string, headers: Record<string, string>) =>
  (await w.gql(TEMPLATE, { name }, headers)).data.emailTemplate;

describe('email templates edited by admins', () => {
  it('an admin’s override is what a delivery renders; a reset sends the default again', async () => {
    const w = emailWorker(config);
    const admin = await signedIn('admin');
    const before = await current(w, 'password-reset', admin.headers);
    expect(before).toMatchObject({ name: 'password-reset', overridden: false, override: null });
    expect(before.default.subject).toBe(DEFAULT_EMAILS['password-reset'].subject);
    expect(before.variables.map((v: { path: string }) => v.path)).toEqual(
      expect.arrayContaining(['site.name', 'recipient.email', 'resetUrl', 'expiresInMinutes']),
    );

    const saved = await w.gql(
      UPDATE,
      {
        name: 'password-reset',
        subject: 'Your {{site.name}} reset link',
        html: '<h1>Reset</h1><p><a href="{{resetUrl}}">Here</a>, {{expiresInMinutes}} minutes.</p>',
        text: null,
        version: before.version,
      },
      admin.headers,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.updateEmailTemplate).toMatchObject({
      overridden: true,
      version: before.version + 1,
      override: { subject: 'Your {{site.name}} reset link', text: null, updatedBy: admin.id },
    });

    const mail = await resetEmail(w);
    expect(mail.subject).toBe('Your Edge CMS reset link');
    expect(mail.html).toContain('<h1>Reset</h1>');
    // Inside the default layout, and a text part made from the HTML part, with the link.
    expect(mail.html).toContain('Sent by <a href="https://cms.example.com"');
    expect(mail.text).toMatch(/Reset[\s\S]*reset-password\?token=/);

    // The change is in the event log, by whom.
    const events = await w.gql(EVENTS, { event: 'email_template_updated' }, admin.headers);
    expect(events.data.eventLog[0]).toMatchObject({
      userId: admin.id,
      detail: { email: 'password-reset', version: before.version + 1 },
    });

    const reset = await w.gql(RESET, { name: 'password-reset' }, admin.headers);
    expect(reset.data.resetEmailTemplate).toEqual({ overridden: false, version: before.version + 2, override: null });
    expect((await resetEmail(w)).subject).toBe('Reset your password for Edge CMS');
    // A reset without an override changes nothing.
    expect((await w.gql(RESET, { name: 'password-reset' }, admin.headers)).data.resetEmailTemplate.version).toBe(
      before.version + 2,
    );
    const logged = await w.gql(EVENTS, { event: 'email_template_reset' }, admin.headers);
    expect(logged.data.eventLog).toHaveLength(1);
  });

  it('a template with an unclosed block or an unknown variable is refused with its line and column, and not saved', async () => {
    const w = emailWorker(config);
    const admin = await signedIn('admin');
    const { version } = await current(w, 'welcome', admin.headers);
    const refused = await w.gql(
      UPDATE,
      {
        name: 'welcome',
        subject: 'Welcome to {{site.nmae}}',
        html: '<p>Hello</p>\n<p>{{#if role}}You are {{role}}.</p>',
        text: 'Sign in at {{loginUrll}}',
        version,
      },
      admin.headers,
    );
    expect(codes(refused)).toEqual(['VALIDATION_FAILED']);
    const errors = fieldErrors(refused);
    expect(errors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['subject', 'UNKNOWN_VARIABLE'],
      ['html', 'TEMPLATE_INVALID'],
      ['text', 'UNKNOWN_VARIABLE'],
    ]);
    expect(errors[0]).toMatchObject({ line: 1, column: 12 });
    expect(errors[1]).toMatchObject({ line: 2 });
    expect(errors[1]!.message).toMatch(/line 2, column \d+/);
    expect(errors[2]!.message).toContain('{{loginUrll}}');
    // Printing an object is refused too: the renderer would fail on it at send time.
    const object = await w.gql(
      UPDATE,
      { name: 'welcome', subject: 'Hi {{recipient}}', html: '<p>Hi</p>', version },
      admin.headers,
    );
    expect(fieldErrors(object).map((e) => e.code)).toEqual(['UNKNOWN_VARIABLE']);
    // Too long a part is refused before it is parsed.
    const long = await w.gql(
      UPDATE,
      { name: 'welcome', subject: 'x'.repeat(501), html: '<p>Hi</p>', version },
      admin.headers,
    );
    expect(fieldErrors(long).map((e) => e.code)).toEqual(['TOO_LONG']);

    expect(await current(w, 'welcome', admin.headers)).toMatchObject({ overridden: false, version, override: null });
  });

  it('saving from a stale version is CONFLICT and keeps the other admin’s change', async () => {
    const w = emailWorker(config);
    const admin = await signedIn('admin');
    const { version } = await current(w, 'invitation', admin.headers);
    const parts = { name: 'invitation', subject: 'Join {{site.name}}', html: '<p>{{registerUrl}}</p>', version };
    expect((await w.gql(UPDATE, parts, admin.headers)).errors).toBeUndefined();
    const stale = await w.gql(UPDATE, { ...parts, subject: 'Second' }, admin.headers);
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(fieldErrors(stale)[0]).toMatchObject({ path: ['version'], code: 'STALE_VERSION' });
    // Naming a version not yet reached is as stale.
    expect(codes(await w.gql(UPDATE, { ...parts, version: version + 5 }, admin.headers))).toEqual(['CONFLICT']);
    const now = await current(w, 'invitation', admin.headers);
    expect(now).toMatchObject({ version: version + 1, override: { subject: 'Join {{site.name}}' } });
    // After a reset, the version before it is stale too.
    await w.gql(RESET, { name: 'invitation' }, admin.headers);
    expect(codes(await w.gql(UPDATE, { ...parts, version: version + 1 }, admin.headers))).toEqual(['CONFLICT']);
  });

  it('only admins: FORBIDDEN for others, UNAUTHENTICATED when signed out; an unknown email is NOT_FOUND', async () => {
    const w = emailWorker(config);
    const editor = await signedIn('editor');
    const update = { name: 'welcome', subject: 'Hi', html: '<p>Hi</p>', version: 0 };
    for (const [query, variables] of [
      [LIST, {}],
      [TEMPLATE, { name: 'welcome' }],
      [UPDATE, update],
      [RESET, { name: 'welcome' }],
      [PREVIEW, { name: 'welcome' }],
    ] as const) {
      expect(codes(await w.gql(query, variables, editor.headers)), query).toEqual(['FORBIDDEN']);
      expect(codes(await w.gql(query, variables)), query).toEqual(['UNAUTHENTICATED']);
    }
    const admin = await signedIn('admin');
    const list = (await w.gql(LIST, {}, admin.headers)).data.emailTemplates;
    expect(list.map((t: { name: string }) => t.name)).toEqual(Object.keys(DEFAULT_EMAILS));
    for (const name of ['nope', 'constructor', '__proto__']) {
      expect(codes(await w.gql(TEMPLATE, { name }, admin.headers))).toEqual(['NOT_FOUND']);
      expect(codes(await w.gql(UPDATE, { ...update, name }, admin.headers))).toEqual(['NOT_FOUND']);
    }
  });

  it('a preview renders unsaved templates against the sample and the data given, escaped, with a text part', async () => {
    const w = emailWorker(config);
    const admin = await signedIn('admin');
    const script = '<script>alert(1)</script>';
    const { data, errors } = await w.gql(
      PREVIEW,
      {
        name: 'welcome',
        html: '<p>Hi {{recipient.name}} ({{recipient.email}})</p>',
        data: { recipient: { name: script } },
      },
      admin.headers,
    );
    expect(errors).toBeUndefined();
    const preview = data.previewEmailTemplate;
    expect(preview.html).not.toContain('<script>');
    expect(preview.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt; (ann@example.com)');
    expect(preview.subject).toBe('Welcome to Edge CMS');
    // The stored (default) text part, since none was given; `text: ""` makes it from the HTML part.
    expect(preview.text).toContain('https://cms.example.com/login');
    const made = await w.gql(PREVIEW, { name: 'welcome', html: '<p>Only <b>this</b></p>', text: '' }, admin.headers);
    expect(made.data.previewEmailTemplate.text).toMatch(/^Only this\n\nSent by Edge CMS/);

    // Errors as on saving, with positions; a value the template can't print is an error on its part.
    const unclosed = await w.gql(PREVIEW, { name: 'welcome', text: 'a\n{{#each x}}' }, admin.headers);
    expect(fieldErrors(unclosed)[0]).toMatchObject({ path: ['text'], code: 'TEMPLATE_INVALID', line: 2 });
    const object = await w.gql(PREVIEW, { name: 'welcome', data: { role: { a: 1 } } }, admin.headers);
    expect(codes(object)).toEqual(['VALIDATION_FAILED']);
    expect(fieldErrors(object)[0]).toMatchObject({ path: ['html'], code: 'TEMPLATE_RENDER' });
    for (const bad of [[1], 'x', { deep: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) }]) {
      expect(codes(await w.gql(PREVIEW, { name: 'welcome', data: bad }, admin.headers))).toEqual(['BAD_USER_INPUT']);
    }
    // Nothing was saved by previewing.
    expect((await current(w, 'welcome', admin.headers)).override).toBeNull();
  });

  it('an override that still fails to render at send time falls back to the default', async () => {
    const w = emailWorker(config);
    const admin = await signedIn('admin');
    const { version } = await current(w, 'password-reset', admin.headers);
    const parts = { name: 'password-reset', subject: 'Broken soon', html: '<p>{{resetUrl}}</p>', version };
    expect((await w.gql(UPDATE, parts, admin.headers)).errors).toBeUndefined();
    // Saving could not have stored this; a row edited by hand could.
    await env.DB.prepare(`update cms_email_templates set html = '{{recipient}}' where name = 'password-reset'`).run();
    const mail = await resetEmail(w);
    expect(mail.subject).toBe('Reset your password for Edge CMS');
    await w.gql(RESET, { name: 'password-reset' }, admin.headers);
  });

  it('the defaults pass the rules an admin’s templates must; loops read their items unchecked', () => {
    for (const [name, email] of Object.entries(DEFAULT_EMAILS)) {
      expect(templateProblems(name as EmailName, email), name).toEqual([]);
    }
    const loop =
      '{{#each role}}{{this}} {{@index}} {{../loginUrl}} {{../nope}} {{@root.site.name}}{{else}}{{x}}{{/each}}';
    expect(templateProblems('welcome', { html: loop }).map((e) => e.message.split(' ')[0])).toEqual([
      '{{../nope}}',
      '{{x}}',
    ]);
  });
});
