import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type EmailProvider, resendProvider, sendgridProvider } from '../src';
import { buildCms } from '../src/build';
import { backoffSeconds } from '../src/plugins/system/email/deliver';
import { emailOff, providerFor, resolveEmailOptions } from '../src/plugins/system/email/options';
import { signedIn, userWithPassword } from './auth-helpers';
import { codes, workerIn } from './helpers';
import { config, emailWorker, outbox, QUEUE, withEmail } from './email-helpers';

const REQUEST = `mutation R($email: String!) { requestPasswordReset(email: $email) }`;
const DELIVERIES = `query D($status: EmailDeliveryStatus, $first: Int, $after: ID) {
  emailDeliveries(status: $status, first: $first, after: $after) {
    id email recipient status attempts provider providerId lastError
  }
}`;
const RETRY = `mutation R($id: ID!) { retryEmailDelivery(id: $id) { id status attempts lastError } }`;

const row = (id: string) =>
  env.DB.prepare('select * from cms_email_deliveries where id = ?').bind(id).first<Record<string, unknown>>();

describe('the email plugin', () => {
  it('a password reset enqueues; the consumer renders and sends it once through the development provider', async () => {
    const w = emailWorker(config);
    const user = await userWithPassword('editor');
    expect((await w.gql(REQUEST, { email: user.email })).data).toEqual({ requestPasswordReset: true });
    expect(w.sent).toHaveLength(1);
    const job = w.sent[0]!;
    expect([job.email, job.to]).toEqual(['password-reset', user.email]);
    expect(await row(job.id)).toMatchObject({ status: 'QUEUED', attempts: 0, payload: null, recipient: user.email });

    // The same message delivered twice (in one batch and again later): sent once, each message acked.
    const first = await w.consume([job, job]);
    expect(first.explicitAcks).toHaveLength(2);
    expect(first.retryMessages).toEqual([]);
    expect((await w.consume([job], 2)).explicitAcks).toHaveLength(1);
    const sent = await outbox(user.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: user.email, from: 'Edge CMS <cms@example.com>', id: job.id });
    expect(sent[0].subject).toBe('Reset your password for Edge CMS');
    const token = String(job.data.token);
    expect(token).toMatch(/^cms_pr_/);
    expect(sent[0].text).toContain(`https://cms.example.com/reset-password?token=${encodeURIComponent(token)}`);
    expect(sent[0].html).toContain('Choose a new password');
    expect(await row(job.id)).toMatchObject({ status: 'SENT', attempts: 1, provider: 'development', last_error: null });

    // The log holds no token, and the admin API shows it SENT.
    expect(JSON.stringify(await row(job.id))).not.toContain(token);
    const admin = await signedIn('admin');
    const { data } = await w.gql(DELIVERIES, { status: 'SENT', first: 100 }, admin.headers);
    expect(data.emailDeliveries.find((d: { id: string }) => d.id === job.id)).toEqual({
      id: job.id,
      email: 'password-reset',
      recipient: user.email,
      status: 'SENT',
      attempts: 1,
      provider: 'development',
      providerId: null,
      lastError: null,
    });
  });

  it('send_email: a reset goes through the local binding once; the log shows its message id', async () => {
    // The real (simulated) binding sends; the wrapper only records what the provider gave it.
    const given: EmailMessageBuilder[] = [];
    const binding = {
      send: (message: EmailMessageBuilder) => {
        given.push(structuredClone(message));
        return env.SEND_EMAIL!.send(message);
      },
    } as SendEmail;
    const options = {
      from: '"Édition CMS" <cms@example.com>',
      replyTo: 'help@example.com',
      site: { name: 'Édition CMS', url: 'https://cms.example.com' },
    };
    const w = emailWorker(withEmail({ ...options, provider: 'send_email' }), { bindings: { SEND_EMAIL: binding } });
    const user = await userWithPassword('editor');
    await w.gql(REQUEST, { email: user.email });
    const job = w.sent[0]!;
    expect((await w.consume([job, job])).explicitAcks).toHaveLength(2);
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({
      from: { name: 'Édition CMS', email: 'cms@example.com' },
      to: user.email,
      replyTo: 'help@example.com',
      subject: 'Reset your password for Édition CMS',
    });
    const token = encodeURIComponent(String(job.data.token));
    expect(given[0]!.text).toContain(`https://cms.example.com/reset-password?token=${token}`);
    expect(given[0]!.html).toContain('Choose a new password');
    const sent = await row(job.id);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, provider: 'send_email', last_error: null });
    expect(sent!.provider_id).toMatch(/^<\w+@example\.com>$/);
    expect(JSON.stringify(sent)).not.toContain(token);
  });

  it('send_email: a refused recipient retries with its error; no binding is a production problem', async () => {
    const w = emailWorker(withEmail({ from: 'cms@example.com', provider: 'send_email', maxAttempts: 2 }), {
      bindings: { SEND_EMAIL: (env as unknown as { SEND_EMAIL_RESTRICTED: SendEmail }).SEND_EMAIL_RESTRICTED },
    });
    const user = await userWithPassword('editor');
    await w.gql(REQUEST, { email: user.email });
    const job = w.sent[0]!;
    expect((await w.consume([job])).retryMessages).toHaveLength(1);
    expect(await row(job.id)).toMatchObject({
      status: 'RETRYING',
      provider: 'send_email',
      last_error: `email to ${user.email} not allowed`,
    });
    await w.consume([job], 2);
    expect(await row(job.id)).toMatchObject({ status: 'DEAD', attempts: 2 });

    const plugin = buildCms(withEmail({ from: 'cms@example.com', provider: 'send_email' })).plugins.find(
      (p) => p.name === 'email',
    )!;
    expect(plugin.productionProblems!({ ...env, SEND_EMAIL: undefined })).toEqual([
      'the SEND_EMAIL binding is not set (the email provider is send_email)',
    ]);
    expect(plugin.productionProblems!(env)).toEqual([]);
    const resend = buildCms(withEmail({ from: 'cms@example.com', provider: 'resend' })).plugins.find(
      (p) => p.name === 'email',
    )!;
    expect(resend.productionProblems!({ ...env, EMAIL_PROVIDER: 'send_email' })).toEqual([]);
    expect(resend.productionProblems!({ ...env, EMAIL_PROVIDER: 'constructor' })).toEqual([
      'EMAIL_PROVIDER "constructor" is not development, send_email, resend or sendgrid',
    ]);
  });

  it('the dead-letter queue: what the queue gave up on is DEAD with that reason; a sent email stays SENT', async () => {
    const w = emailWorker(config);
    for (const role of ['editor', 'author'] as const)
      await w.gql(REQUEST, { email: (await userWithPassword(role)).email });
    const [reset, other] = w.sent;
    await w.consume([other!]);
    const result = await w.consume([reset!, other!, { nonsense: true } as never], 26, `${QUEUE}-dlq`);
    expect([result.explicitAcks.length, result.retryMessages]).toEqual([3, []]);
    expect(await row(reset!.id)).toMatchObject({
      status: 'DEAD',
      attempts: 0,
      last_error: 'the queue gave up on it (dead-letter queue)',
    });
    expect(await row(other!.id)).toMatchObject({ status: 'SENT', last_error: null });
  });

  it('an unknown address enqueues nothing and answers the same', async () => {
    const w = emailWorker(config);
    expect((await w.gql(REQUEST, { email: `nobody-${crypto.randomUUID()}@example.com` })).data).toEqual({
      requestPasswordReset: true,
    });
    expect(w.sent).toEqual([]);
  });

  it('a failing provider: retries, then DEAD with the error logged; an admin retry sends it', async () => {
    let failing = true;
    const flaky: EmailProvider = {
      name: 'flaky',
      async send() {
        if (failing) throw new Error('upstream 503:\r\nX-Injected: yes');
        return { providerId: 'flaky-1' };
      },
    };
    const w = emailWorker(
      withEmail({ from: 'cms@example.com', provider: flaky, maxAttempts: 3, retryDelaySeconds: 10 }),
    );
    const admin = await signedIn('admin');
    // Registration-free path to a non-secret email: the welcome email through the plugin's service.
    const to = `welcome-${crypto.randomUUID()}@example.com`;
    const ctx = createExecutionContext();
    const cms = buildCms(withEmail({ from: 'cms@example.com', provider: flaky, maxAttempts: 3 }));
    const plugin = cms.plugins.find((p) => p.name === 'email')!;
    const { sendEmail } = plugin.services!(
      { env: w.env, waitUntil: (p: Promise<unknown>) => ctx.waitUntil(p) } as never,
      {} as never,
    ) as {
      sendEmail: (args: object) => Promise<string>;
    };
    const id = await sendEmail({
      email: 'welcome',
      to,
      data: { role: 'editor', loginUrl: 'https://cms.example.com/login' },
    });
    const job = w.sent.at(-1)!;
    expect(job.id).toBe(id);

    // The test pool records a retry but not its delay: the delays are backoffSeconds', checked below.
    const one = await w.consume([job], 1);
    expect([one.retryMessages.length, one.explicitAcks]).toEqual([1, []]);
    expect(await row(id)).toMatchObject({ status: 'RETRYING', attempts: 1, provider: 'flaky' });
    expect((await w.consume([job], 2)).retryMessages).toHaveLength(1);
    const options = resolveEmailOptions({ from: 'cms@example.com', retryDelaySeconds: 10 });
    expect([1, 2, 3, 12].map((attempts) => backoffSeconds(options, attempts))).toEqual([10, 20, 40, 3600]);
    const last = await w.consume([job], 3);
    expect([last.retryMessages, last.explicitAcks.length]).toEqual([[], 1]);
    const dead = await row(id);
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, last_error: 'upstream 503: X-Injected: yes' });
    // Dead is dead: a late redelivery sends nothing.
    expect((await w.consume([job], 4)).explicitAcks).toHaveLength(1);
    expect((await row(id))!.attempts).toBe(3);

    const listed = await w.gql(DELIVERIES, { status: 'DEAD' }, admin.headers);
    expect(listed.data.emailDeliveries.map((d: { id: string }) => d.id)).toContain(id);
    const editor = await signedIn('editor');
    expect(codes((await w.gql(RETRY, { id }, editor.headers)) as never)).toEqual(['FORBIDDEN']);
    expect(codes((await w.gql(DELIVERIES, {}, editor.headers)) as never)).toEqual(['FORBIDDEN']);
    expect(codes((await w.gql(DELIVERIES, {})) as never)).toEqual(['UNAUTHENTICATED']);

    failing = false;
    const retried = await w.gql(RETRY, { id }, admin.headers);
    expect(retried.data.retryEmailDelivery).toEqual({ id, status: 'QUEUED', attempts: 0, lastError: null });
    expect(codes((await w.gql(RETRY, { id }, admin.headers)) as never)).toEqual(['BAD_USER_INPUT']);
    await w.consume([w.sent.at(-1)!]);
    expect(await row(id)).toMatchObject({ status: 'SENT', attempts: 1, provider_id: 'flaky-1' });
  });

  it('without a queue, sends in waitUntil with the same retries', async () => {
    let calls = 0;
    const provider: EmailProvider = {
      name: 'second-time',
      async send() {
        if (++calls === 1) throw new Error('try again');
        return { providerId: 'ok' };
      },
    };
    const w = emailWorker(withEmail({ from: 'cms@example.com', provider, retryDelaySeconds: 0 }), { queue: false });
    const user = await userWithPassword('editor');
    await w.gql(REQUEST, { email: user.email });
    const { id } = (await env.DB.prepare(
      `select id from cms_email_deliveries where recipient = ? order by created_at desc`,
    )
      .bind(user.email)
      .first<{ id: string }>())!;
    expect([calls, await row(id)]).toMatchObject([2, { status: 'SENT', attempts: 2, provider_id: 'ok' }]);
  });

  it('a token email can’t be resent by an admin; pages are bounded; a bad recipient is refused', async () => {
    const w = emailWorker(config);
    const admin = await signedIn('admin');
    const user = await userWithPassword('editor');
    await w.gql(REQUEST, { email: user.email });
    const job = w.sent.at(-1)!;
    await env.DB.prepare(`update cms_email_deliveries set status = 'DEAD' where id = ?`).bind(job.id).run();
    expect(codes((await w.gql(RETRY, { id: job.id }, admin.headers)) as never)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await w.gql(RETRY, { id: 'nope' }, admin.headers)) as never)).toEqual(['NOT_FOUND']);
    expect(codes((await w.gql(DELIVERIES, { first: 101 }, admin.headers)) as never)).toEqual(['BAD_USER_INPUT']);
    const page = (await w.gql(DELIVERIES, { first: 1 }, admin.headers)).data.emailDeliveries;
    expect(page).toHaveLength(1);
    const next = (await w.gql(DELIVERIES, { first: 1, after: page[0].id }, admin.headers)).data.emailDeliveries;
    expect(next[0]?.id).not.toBe(page[0].id);

    const cms = buildCms(config);
    const { sendEmail } = cms.plugins.find((p) => p.name === 'email')!.services!(
      { env: w.env, waitUntil: () => {} } as never,
      {} as never,
    ) as { sendEmail: (args: object) => Promise<string> };
    for (const to of ['a@example.com\r\nBcc: b@example.com', 'not an address', 'a@example.com, b@example.com'])
      await expect(sendEmail({ email: 'welcome', to })).rejects.toThrow('`to` must be one email address');
    await expect(
      sendEmail({ email: 'welcome', to: 'a@example.com', data: { big: 'x'.repeat(40_000) } }),
    ).rejects.toThrow('at most');
  });

  it('ignores a message that is not an email job, and refuses a provider without its key in production', async () => {
    const w = emailWorker(config);
    const result = await w.consume([{ nonsense: true } as never]);
    expect(result.explicitAcks).toHaveLength(1);
    const cms = buildCms(withEmail({ from: 'cms@example.com', provider: 'resend' }));
    const plugin = cms.plugins.find((p) => p.name === 'email')!;
    expect(plugin.productionProblems!({ ...env, ENVIRONMENT: 'production' })).toEqual([
      'RESEND_API_KEY is not set (the email provider is resend)',
    ]);
    expect(plugin.productionProblems!({ ...env, RESEND_API_KEY: 're_x' })).toEqual([]);
    expect(plugin.productionProblems!({ ...env, EMAIL_PROVIDER: 'development' })).toEqual([
      'the email provider is "development", which sends nothing',
    ]);
  });

  it('production refuses to start with the development provider or a provider without its key', async () => {
    const secrets = { JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-real-long-password' };
    const query = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' };
    const resend = withEmail({ from: 'cms@example.com', provider: 'resend' });
    const development = withEmail({ from: 'cms@example.com', provider: 'development' });
    expect((await workerIn('production', development, secrets)('/graphql', query)).status).toBe(503);
    expect((await workerIn('production', resend, secrets)('/graphql', query)).status).toBe(503);
    expect(
      (await workerIn('production', resend, { ...secrets, RESEND_API_KEY: 're_x' })('/graphql', query)).status,
    ).toBe(200);
  });

  it('no provider chosen: development keeps mail, a deployment uses SEND_EMAIL or starts with email off', async () => {
    const secrets = { JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-real-long-password' };
    const production = { ...env, ...secrets, ENVIRONMENT: 'production' } as Env;
    const unbound = { ...production, SEND_EMAIL: undefined };
    const unchosen = resolveEmailOptions({ from: 'cms@example.com' });
    expect(providerFor(unchosen, env).name).toBe('development');
    expect(providerFor(unchosen, production).name).toBe('send_email');
    expect([emailOff(unchosen, env), emailOff(unchosen, production)]).toEqual([null, null]);
    expect(emailOff(unchosen, unbound)).toBe('no email provider is chosen and the worker has no SEND_EMAIL binding');
    // Chosen, by the config or the variable: not off, refused at start instead when it can't send.
    expect(emailOff(resolveEmailOptions({ from: 'cms@example.com', provider: 'send_email' }), unbound)).toBeNull();
    expect(emailOff(unchosen, { ...unbound, EMAIL_PROVIDER: 'send_email' })).toBeNull();

    const config = withEmail({ from: 'cms@example.com' });
    const query = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' };
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => void warnings.push(line);
    try {
      expect(
        (await workerIn('production', config, { ...secrets, SEND_EMAIL: undefined })('/graphql', query)).status,
      ).toBe(200);
    } finally {
      console.warn = warn;
    }
    expect(warnings.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ event: 'email_off', reason: expect.stringContaining('no SEND_EMAIL binding') }),
    );
    const chosen = withEmail({ from: 'cms@example.com', provider: 'send_email' });
    expect(
      (await workerIn('production', chosen, { ...secrets, SEND_EMAIL: undefined })('/graphql', query)).status,
    ).toBe(503);

    // Off: a reset still answers as always, and nothing is logged or queued.
    const off = emailWorker(config, { bindings: unbound });
    const user = await userWithPassword('editor');
    expect((await off.gql(REQUEST, { email: user.email })).data).toEqual({ requestPasswordReset: true });
    expect(off.sent).toEqual([]);
    const rows = await env.DB.prepare('select count(*) as n from cms_email_deliveries where recipient = ?')
      .bind(user.email)
      .first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });

  it('the development outbox route answers in development only', async () => {
    const dev = workerIn('development', config);
    const response = await dev('/email/outbox?to=nobody@example.com');
    expect([response.status, await response.json()]).toEqual([200, { messages: [] }]);
    const secrets = { JWT_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'a-real-long-password', RESEND_API_KEY: 're_x' };
    const prod = workerIn('production', withEmail({ from: 'cms@example.com', provider: 'resend' }), secrets);
    expect((await prod('/email/outbox')).status).toBe(404);
  });

  it('an invitation to an address, then the welcome email once the account is made', async () => {
    const w = emailWorker({ ...config, auth: { registration: 'invite' } });
    const admin = await signedIn('admin');
    const to = `invited-${crypto.randomUUID()}@example.com`;
    const INVITE = `mutation I($email: String) { createInvite(role: "author", email: $email) { code } }`;
    await w.gql(INVITE, {}, admin.headers);
    expect(w.sent).toEqual([]);
    const { code } = (await w.gql(INVITE, { email: to }, admin.headers)).data.createInvite;
    const invitation = w.sent.at(-1)!;
    expect([invitation.email, invitation.to]).toEqual(['invitation', to]);
    expect((await row(invitation.id))!.payload).toBeNull();
    await w.consume([invitation]);
    const [mail] = await outbox(to);
    expect(mail.subject).toBe(`${admin.email} invited you to Edge CMS`);
    expect(mail.text).toContain(`https://cms.example.com/register?code=${encodeURIComponent(code)}`);

    const REGISTER = `mutation R($email: String!, $code: String) {
      register(email: $email, password: "long enough password", name: "Ann <b>", inviteCode: $code) { user { id } }
    }`;
    expect((await w.gql(REGISTER, { email: to, code })).data.register.user.id).toBeTruthy();
    const welcome = w.sent.at(-1)!;
    expect([welcome.email, welcome.to]).toEqual(['welcome', to]);
    await w.consume([welcome]);
    const mails = await outbox(to);
    const sent = mails.find((m) => m.id === welcome.id);
    expect(sent.subject).toBe('Welcome to Edge CMS');
    expect(sent.html).toContain('Ann &lt;b&gt;');
    expect(sent.html).not.toContain('Ann <b>');
  });

  it('per-email switches: a switched-off email is neither logged nor queued', async () => {
    const w = emailWorker(withEmail({ from: 'cms@example.com', enabled: { 'password-reset': false } }));
    const user = await userWithPassword('editor');
    await w.gql(REQUEST, { email: user.email });
    expect(w.sent).toEqual([]);
    const logged = await env.DB.prepare('select count(*) as n from cms_email_deliveries where recipient = ?')
      .bind(user.email)
      .first<{ n: number }>();
    expect(logged!.n).toBe(0);
    expect(() => withEmail({ from: 'cms@example.com', enabled: { nope: false } as never })).toThrow(
      'Plugin "email": `enabled` names an unknown email "nope"',
    );
    expect(() => withEmail({ from: 'a@b.co\r\nBcc: x@y.z' })).toThrow('`from` must be an address');
  });

  it('the log is bounded: beyond maxLogRows, the oldest rows go', async () => {
    const bounded = buildCms(withEmail({ from: 'cms@example.com', maxLogRows: 10 }));
    const w = emailWorker(withEmail({ from: 'cms@example.com', maxLogRows: 10 }));
    await w.gql('{ __typename }', {});
    const { sendEmail } = bounded.plugins.find((p) => p.name === 'email')!.services!(
      { env: w.env, waitUntil: () => {} } as never,
      {} as never,
    ) as { sendEmail: (args: object) => Promise<string> };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await sendEmail({ email: 'welcome', to: `n${i}@example.com` }));
      // A millisecond apart: rows of one millisecond are ordered by their (random) ids.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const count = await env.DB.prepare('select count(*) as n from cms_email_deliveries').first<{ n: number }>();
    expect(count!.n).toBe(10);
    expect(await row(ids[0]!)).toBeNull();
    expect(await row(ids[11]!)).not.toBeNull();
  });

  it('Resend and SendGrid: the HTTP requests they make, their ids, their errors without the key', async () => {
    const requests: Request[] = [];
    const standIn = (response: () => Response) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(new Request(input, init));
        return response();
      }) as typeof fetch;
    const email = {
      id: 'd-1',
      from: 'Edge CMS <cms@example.com>',
      replyTo: 'help@example.com',
      to: 'ann@example.com',
      subject: 'Hi',
      html: '<p>Hi</p>',
      text: 'Hi',
    };
    const keys = { ...env, RESEND_API_KEY: 're_secret_key', SENDGRID_API_KEY: 'SG.secret_key' } as Env;

    const resend = resendProvider({
      baseUrl: 'https://resend.test',
      fetch: standIn(() => Response.json({ id: 'r-9' })),
    });
    expect(await resend.send(email, keys)).toEqual({ providerId: 'r-9' });
    const [r] = requests.splice(0);
    expect([r!.method, r!.url, r!.headers.get('authorization'), r!.headers.get('idempotency-key')]).toEqual([
      'POST',
      'https://resend.test/emails',
      'Bearer re_secret_key',
      'd-1',
    ]);
    expect(await r!.json()).toEqual({
      from: email.from,
      to: ['ann@example.com'],
      subject: 'Hi',
      html: '<p>Hi</p>',
      text: 'Hi',
      reply_to: 'help@example.com',
    });

    const sendgrid = sendgridProvider({
      baseUrl: 'https://sendgrid.test',
      fetch: standIn(() => new Response(null, { status: 202, headers: { 'x-message-id': 'sg-7' } })),
    });
    expect(await sendgrid.send(email, keys)).toEqual({ providerId: 'sg-7' });
    const [g] = requests.splice(0);
    expect([g!.url, g!.headers.get('authorization')]).toEqual([
      'https://sendgrid.test/v3/mail/send',
      'Bearer SG.secret_key',
    ]);
    expect(await g!.json()).toMatchObject({
      personalizations: [{ to: [{ email: 'ann@example.com' }] }],
      from: { email: email.from },
      content: [
        { type: 'text/plain', value: 'Hi' },
        { type: 'text/html', value: '<p>Hi</p>' },
      ],
    });

    const refusing = resendProvider({
      fetch: standIn(() => new Response('{"message":"invalid from"}', { status: 422 })),
    });
    const error = await refusing.send(email, keys).catch((e: Error) => e.message);
    expect(error).toBe('Resend answered 422: {"message":"invalid from"}');
    await expect(resendProvider().send(email, env)).rejects.toThrow('RESEND_API_KEY is not set');
  });

  it('the workflow: a submission tells the reviewers, an approval or a request for changes tells the author', async () => {
    const w = emailWorker(config);
    const author = await signedIn('author');
    const editor = await signedIn('editor');
    const MOVE = `mutation M($id: ID!, $to: WorkflowState!, $comment: String) {
      transitionWorkflow(collection: "Post", id: $id, to: $to, comment: $comment) { state }
    }`;
    const created = await w.gql(
      `mutation { createPost(data: { title: "Edge <caching>" }) { id } }`,
      {},
      author.headers,
    );
    const id = created.data.createPost.id;
    const jobsFrom = (n: number) => w.sent.slice(n);

    let before = w.sent.length;
    expect((await w.gql(MOVE, { id, to: 'IN_REVIEW', comment: 'Ready' }, author.headers)).data).toBeTruthy();
    const submitted = jobsFrom(before);
    expect(new Set(submitted.map((j) => j.email))).toEqual(new Set(['review-submitted']));
    expect(submitted.map((j) => j.to)).toContain(editor.email);
    expect(submitted.map((j) => j.to)).not.toContain(author.email);

    before = w.sent.length;
    await w.gql(MOVE, { id, to: 'DRAFT', comment: 'Needs a source' }, editor.headers);
    const [rejected] = jobsFrom(before);
    expect([rejected?.email, rejected?.to]).toEqual(['review-rejected', author.email]);
    await w.consume([rejected!]);
    const mail = (await outbox(author.email)).find((m) => m.id === rejected!.id);
    expect(mail.subject).toBe('Changes requested: Edge <caching>');
    expect(mail.html).toContain('Edge &lt;caching&gt;');
    expect(mail.text).toContain('"Needs a source"');
    expect(mail.text).toContain(`https://cms.example.com/admin/Post/${id}`);

    await w.gql(MOVE, { id, to: 'IN_REVIEW' }, author.headers);
    before = w.sent.length;
    await w.gql(MOVE, { id, to: 'APPROVED' }, editor.headers);
    expect(jobsFrom(before).map((j) => [j.email, j.to])).toEqual([['review-approved', author.email]]);
  });
});
