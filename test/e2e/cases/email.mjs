// Email through the running worker (issue 13): a password reset requested over /graphql is delivered by the email
// plugin of the demo config. Development: through EMAIL_QUEUE (its consumer runs under `wrangler dev`) to the
// development provider, readable at /email/outbox, and `SENT` in the admins' delivery log, which holds no token.
// Production (no provider chosen, no SEND_EMAIL binding in wrangler.toml): email is off, the worker still started,
// the reset answers as always and nothing is logged; /email/outbox is a 404.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql } from '../lib/gql.mjs';
import { adminToken } from '../lib/media.mjs';

const RESET = 'mutation R($e: String!) { requestPasswordReset(email: $e) }';
const DELIVERIES = `{ emailDeliveries(first: 100) { id email recipient status attempts provider lastError } }`;

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

      const sent = await eventually(async () => {
        const { body } = await gql(url, DELIVERIES, {}, headers);
        const row = body.data.emailDeliveries.find((d) => d.recipient === to);
        return row?.status === 'SENT' ? { row, text: JSON.stringify(body) } : null;
      });
      assert.ok(sent, 'the delivery log shows it SENT');
      assert.deepEqual(
        [sent.row.email, sent.row.attempts, sent.row.provider, sent.row.lastError],
        ['password-reset', 1, 'development', null],
      );
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
];
