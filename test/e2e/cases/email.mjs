// Email through the running worker (issue 13): a password reset requested over /graphql is delivered by the email
// plugin of the demo config. Development: through EMAIL_QUEUE (its consumer runs under `wrangler dev`) to the
// development provider, readable at /email/outbox, and `SENT` in the admins' delivery log, which holds no token.
// Production (no provider chosen, no SEND_EMAIL binding in wrangler.toml): email is off, the worker still started,
// the reset answers as always and nothing is logged; /email/outbox is a 404. Production with the binding: a worker of
// its own (the repo's wrangler.toml plus `[[send_email]]`) sends the reset through wrangler's local simulation of it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { freePort, productionVars, startWorker, tempState } from '../../../bench/lib/worker.mjs';
import { gql } from '../lib/gql.mjs';
import { adminToken } from '../lib/media.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const RESET = 'mutation R($e: String!) { requestPasswordReset(email: $e) }';
const DELIVERIES = `{
  emailDeliveries(first: 100) { id email recipient status attempts provider providerId lastError }
}`;

/**
 * The repo's wrangler.toml plus a `SEND_EMAIL` binding: what an operator who set up sending deploys; the served worker
 * and every other binding stay the repo's. Written next to wrangler.toml (its paths are relative to its folder) under a
 * name .gitignore lists; `remove()` deletes it.
 */
function configWithSendEmail() {
  const file = path.join(root, `wrangler.e2e-mail-${randomUUID().slice(0, 8)}.toml`);
  const repo = readFileSync(path.join(root, 'wrangler.toml'), 'utf8');
  writeFileSync(file, `${repo}\n[[send_email]]\nname = "SEND_EMAIL"\n`);
  return { file, remove: () => rmSync(file, { force: true }) };
}

/**
 * The messages wrangler's simulated binding logged: `send_email binding called with MessageBuilder:`, then From, To
 * and Subject, then the paths of the files it wrote the text and HTML parts to.
 */
function simulatedSends(output) {
  return stripVTControlCharacters(output)
    .split('send_email binding called with MessageBuilder:')
    .slice(1)
    .map((block) => ({
      to: /^To: (.*)$/m.exec(block)?.[1]?.trim(),
      subject: /^Subject: (.*)$/m.exec(block)?.[1]?.trim(),
      textFile: /^Text: (.*)$/m.exec(block)?.[1]?.trim(),
    }));
}

/** A fresh editor made by the admin: a reset of the admin's own address would count against its throttle. */
async function freshUser(url, headers) {
  const email = `mail-${randomUUID().slice(0, 8)}@e2e.example.com`;
  const created = await gql(
    url,
    'mutation C($e: String!) { createUser(email: $e, password: "a-long-e2e-password", role: "editor") { id } }',
    { e: email },
    headers,
  );
  assert.ok(created.body.data?.createUser?.id, `createUser: ${created.text.slice(0, 300)}`);
  return email;
}

/** Polls `read` until it returns something, for at most `ms` (the queue delivers its batch a few seconds later). */
async function eventually(read, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Waits for the reset to `to` to be SENT by `provider` in the admins' delivery log, on the first attempt; resolves its
 * row and the whole log's JSON (to search for the token).
 */
async function sentReset(url, headers, to, provider) {
  const sent = await eventually(async () => {
    const { body } = await gql(url, DELIVERIES, {}, headers);
    const row = body.data.emailDeliveries.find((d) => d.recipient === to);
    return row?.status === 'SENT' ? { row, text: JSON.stringify(body) } : null;
  });
  assert.ok(sent, 'the delivery log shows it SENT');
  assert.deepEqual(
    [sent.row.email, sent.row.attempts, sent.row.provider, sent.row.lastError],
    ['password-reset', 1, provider, null],
  );
  return sent;
}

export default [
  {
    name: 'a password reset goes through the queue to the outbox, SENT in the delivery log without its token',
    item: 'email',
    profiles: ['development'],
    timeout: 45_000,
    async run({ url, admin }) {
      const headers = { authorization: `Bearer ${await adminToken(url, admin)}` };
      const to = await freshUser(url, headers);
      const reset = await gql(url, RESET, { e: to });
      assert.deepEqual(reset.body.data, { requestPasswordReset: true });
      const outbox = async () => {
        const response = await fetch(`${url}/email/outbox?to=${encodeURIComponent(to)}`);
        assert.equal(response.status, 200);
        return (await response.json()).messages[0];
      };
      const mail = await eventually(outbox);
      assert.ok(mail, 'the reset email reached the development outbox');
      assert.equal(mail.to, to);
      const link = /reset-password\?token=([^\s"&<]+)/.exec(mail.text);
      assert.ok(link, 'the text part holds the reset link');
      const token = decodeURIComponent(link[1]);

      const sent = await sentReset(url, headers, to, 'development');
      assert.ok(!sent.text.includes(token), 'the delivery log holds no reset token');
    },
  },
  {
    name: 'no provider chosen and no SEND_EMAIL binding: email is off, the reset answers the same, no outbox',
    item: 'email',
    profiles: ['production'],
    async run({ url, admin }) {
      const headers = { authorization: `Bearer ${await adminToken(url, admin)}` };
      const to = await freshUser(url, headers);
      assert.deepEqual((await gql(url, RESET, { e: to })).body.data, { requestPasswordReset: true });
      const { body } = await gql(url, DELIVERIES, {}, headers);
      assert.deepEqual(
        body.data.emailDeliveries.filter((d) => d.recipient === to),
        [],
      );
      assert.equal((await fetch(`${url}/email/outbox?to=${encodeURIComponent(to)}`)).status, 404);
    },
  },
  {
    name: 'with a SEND_EMAIL binding, production sends a password reset through it: SENT, the link only in the email',
    item: 'email',
    profiles: ['production'],
    timeout: 90_000,
    async run() {
      const state = tempState('cms-e2e-mail-');
      const config = configWithSendEmail();
      const vars = productionVars();
      let output = '';
      try {
        const [port, inspectorPort] = [await freePort(), await freePort()];
        const worker = await startWorker({
          port,
          inspectorPort,
          persistTo: state.dir,
          vars,
          args: ['--config', config.file],
          onOutput: (text) => (output += text),
        });
        try {
          const { url } = worker;
          const admin = { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD };
          const headers = { authorization: `Bearer ${await adminToken(url, admin)}` };
          const to = await freshUser(url, headers);
          assert.deepEqual((await gql(url, RESET, { e: to })).body.data, { requestPasswordReset: true });

          const sent = await sentReset(url, headers, to, 'send_email');
          // The Message-ID the binding gave back, whose id also names the files it wrote.
          const messageId = /^<([A-Za-z0-9]+)@[^<>]+>$/.exec(sent.row.providerId ?? '');
          assert.ok(messageId, `a Message-ID as the provider id: ${sent.row.providerId}`);

          const message = await eventually(async () => simulatedSends(output).find((m) => m.to === to), 5_000);
          assert.ok(message, `the binding logged the message:\n${stripVTControlCharacters(output).slice(-1500)}`);
          assert.match(message.subject, /^Reset your password for /);
          assert.ok(message.textFile, "the log names the text part's file");
          assert.ok(path.basename(message.textFile).startsWith(messageId[1]), message.textFile);
          const link = /reset-password\?token=([^\s"&<]+)/.exec(
            readFileSync(path.resolve(root, message.textFile), 'utf8'),
          );
          assert.ok(link, 'the text part holds the reset link');
          const token = decodeURIComponent(link[1]);
          assert.ok(token.length >= 20, token);
          assert.ok(!sent.text.includes(token), 'the delivery log holds no reset token');
          assert.ok(!output.includes(token), "the worker's output holds no reset token");
        } finally {
          await worker.stop();
        }
      } finally {
        config.remove();
        state.remove();
      }
    },
  },
];
