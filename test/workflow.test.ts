import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineConfig, workflow } from '../src';
import { buildCms } from '../src/build';
import type { Context } from '../src/types/context';
import { writeMove } from '../src/plugins/system/workflow/store';
import { createHandler } from '../src/server/handler';
import { signedIn } from './auth-helpers';
import { countedRun, warmUp } from './d1-counter';
import fixture from './fixtures/config';
import { codes, testWorker } from './helpers';

// The test content model lists workflow({ collections: ['Post'], requireApproval: false }): its tables come from its
// migrations when the first request installs it.
const w = testWorker(fixture, { as: 'anonymous' });
type User = Awaited<ReturnType<typeof signedIn>>;
let author: User, otherAuthor: User, editor: User, admin: User, viewer: User;

const MOVE = `mutation M($id: ID!, $to: WorkflowState!, $comment: String) {
  transitionWorkflow(collection: "Post", id: $id, to: $to, comment: $comment) { state event { kind from to userId comment } }
}`;
const COMMENT = `mutation C($id: ID!, $comment: String!) { commentOnWorkflow(collection: "Post", id: $id, comment: $comment) { kind userId comment } }`;
const STATE = `query S($id: ID!) { post(where: { id: $id }) { status workflowState } }`;
const HISTORY = `query H($id: ID!) { post(where: { id: $id }) { workflowHistory { kind from to userId comment at } } }`;

const as = (user: User) => ({
  gql: (query: string, variables?: Record<string, unknown>) => w.gql(query, variables, user.headers),
  data: async (query: string, variables?: Record<string, unknown>) => {
    const { body } = await w.gql(query, variables, user.headers);
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data;
  },
});
const move = (user: User, id: string, to: string, comment?: string) => as(user).gql(MOVE, { id, to, comment });

async function draftBy(user: User, title: string): Promise<string> {
  return (await as(user).data(`mutation P($t: String!) { createPost(data: { title: $t }) { id } }`, { t: title }))
    .createPost.id;
}

beforeAll(async () => {
  [author, otherAuthor, editor, admin, viewer] = (await Promise.all(
    ['author', 'author', 'editor', 'admin', 'viewer'].map((role) => signedIn(role)),
  )) as [User, User, User, User, User];
});

describe('the workflow plugin', () => {
  it('takes an item from draft through review and approval to published, each move by an allowed role', async () => {
    const id = await draftBy(author, 'Through the workflow');
    expect((await as(author).data(STATE, { id })).post).toEqual({ status: 'DRAFT', workflowState: 'DRAFT' });

    const submitted = await move(author, id, 'IN_REVIEW', '  Ready for a look  ');
    expect(submitted.body.data.transitionWorkflow).toEqual({
      state: 'IN_REVIEW',
      event: { kind: 'TRANSITION', from: 'DRAFT', to: 'IN_REVIEW', userId: author.id, comment: 'Ready for a look' },
    });
    const approveByAuthor = await move(author, id, 'APPROVED');
    expect([codes(approveByAuthor.body), approveByAuthor.body.errors![0]!.message]).toEqual([
      ['FORBIDDEN'],
      'Only editor, admin may approve a Post (IN_REVIEW → APPROVED) (you are author)',
    ]);
    expect((await move(editor, id, 'DRAFT', 'Shorter title, please')).body.data.transitionWorkflow.state).toBe('DRAFT');
    expect((await as(author).data(COMMENT, { id, comment: 'Done' })).commentOnWorkflow).toEqual({
      kind: 'COMMENT',
      userId: author.id,
      comment: 'Done',
    });
    expect((await move(author, id, 'IN_REVIEW')).body.data.transitionWorkflow.state).toBe('IN_REVIEW');
    expect((await move(editor, id, 'APPROVED')).body.data.transitionWorkflow.state).toBe('APPROVED');
    expect((await as(editor).data(STATE, { id })).post).toEqual({ status: 'DRAFT', workflowState: 'APPROVED' });

    // Publishing is the core publish: status, publishedAt, cache and hooks; anonymous readers see the post.
    expect((await w.data(STATE, { id })).post).toBeNull();
    expect((await move(admin, id, 'PUBLISHED', 'Ship it')).body.data.transitionWorkflow.state).toBe('PUBLISHED');
    expect((await w.data(STATE, { id })).post).toEqual({ status: 'PUBLISHED', workflowState: 'PUBLISHED' });

    const { workflowHistory } = (await as(editor).data(HISTORY, { id })).post;
    expect(workflowHistory.map((e: any) => [e.kind, e.from, e.to, e.userId, e.comment])).toEqual([
      ['TRANSITION', 'DRAFT', 'IN_REVIEW', author.id, 'Ready for a look'],
      ['TRANSITION', 'IN_REVIEW', 'DRAFT', editor.id, 'Shorter title, please'],
      ['COMMENT', null, null, author.id, 'Done'],
      ['TRANSITION', 'DRAFT', 'IN_REVIEW', author.id, null],
      ['TRANSITION', 'IN_REVIEW', 'APPROVED', editor.id, null],
      ['TRANSITION', 'APPROVED', 'PUBLISHED', admin.id, 'Ship it'],
    ]);
    const times = workflowHistory.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Unpublishing is a move too: back to DRAFT, no longer public.
    expect((await move(editor, id, 'DRAFT')).body.data.transitionWorkflow.state).toBe('DRAFT');
    expect((await w.data(STATE, { id })).post).toBeNull();
  });

  it('refuses illegal moves, naming the legal ones, and unknown collections', async () => {
    const id = await draftBy(author, 'Impatient');
    const jump = await move(editor, id, 'PUBLISHED');
    expect([codes(jump.body), jump.body.errors![0]!.message]).toEqual([
      ['CONFLICT'],
      "A Post can't move from DRAFT to PUBLISHED: from DRAFT it can move to IN_REVIEW",
    ]);
    expect(codes((await move(editor, id, 'DRAFT')).body)).toEqual(['CONFLICT']); // there already
    const unknown = await as(editor).gql(
      `mutation { transitionWorkflow(collection: "Tag", id: "t1", to: IN_REVIEW) { state } }`,
    );
    expect([codes(unknown.body), unknown.body.errors![0]!.message]).toEqual([
      ['BAD_USER_INPUT'],
      '"Tag" is not under the workflow; it covers Post',
    ]);
    expect(codes((await move(editor, 'no-such-post', 'IN_REVIEW')).body)).toEqual(['NOT_FOUND']);
    expect((await as(editor).data(STATE, { id })).post.workflowState).toBe('DRAFT'); // nothing moved
  });

  it('applies the collection’s permissions: authors move only their own items; history is for participants', async () => {
    const id = await draftBy(author, 'Mine');
    const other = await move(otherAuthor, id, 'IN_REVIEW');
    expect([codes(other.body), other.body.errors![0]!.message]).toEqual([
      ['FORBIDDEN'],
      'You may update only your own posts',
    ]);
    expect(codes((await move(viewer, id, 'IN_REVIEW')).body)).toEqual(['FORBIDDEN']);
    const history = await as(viewer).gql(HISTORY, { id });
    expect([history.body.data?.post, codes(history.body)]).toEqual([{ workflowHistory: null }, ['FORBIDDEN']]);
    expect(codes((await as(viewer).gql(COMMENT, { id, comment: 'Nice' })).body)).toEqual(['FORBIDDEN']);
    expect(codes((await w.gql(MOVE, { id, to: 'IN_REVIEW' })).body)).toEqual(['NOT_FOUND']); // anonymous: a draft is not there
    expect((await as(editor).data(HISTORY, { id })).post.workflowHistory).toEqual([]);
  });

  it('two moves of one item at once: one wins, the other is a CONFLICT, and the history has one entry', async () => {
    const id = await draftBy(author, 'Contested');
    await move(author, id, 'IN_REVIEW');
    const results = await Promise.all([move(editor, id, 'APPROVED'), move(admin, id, 'DRAFT')]);
    expect(results.map((r) => codes(r.body)).sort()).toEqual([[], ['CONFLICT']]);
    const { workflowHistory } = (await as(editor).data(HISTORY, { id })).post;
    expect(workflowHistory).toHaveLength(2);
    const winner = results.find((r) => !r.body.errors)!.body.data.transitionWorkflow.state;
    expect((await as(editor).data(STATE, { id })).post.workflowState).toBe(winner);
    // Whichever read the state first: the loser saw the winner's move, or its own write found the state changed.
    expect(results.find((r) => r.body.errors)!.body.errors![0]!.message).toMatch(
      /moved by someone else|can't move from/,
    );
  });

  it('writes a move only if the item is still where it was read (the guard of a concurrent move)', async () => {
    const id = await draftBy(author, 'Raced');
    await move(author, id, 'IN_REVIEW');
    await move(editor, id, 'APPROVED');
    const ctx = { env } as unknown as Context;
    const stale = { collection: 'Post', itemId: id, from: 'IN_REVIEW', to: 'DRAFT', userId: editor.id, comment: null };
    expect(await writeMove(ctx, { ...stale, expected: 'IN_REVIEW' })).toBeNull();
    expect((await as(editor).data(STATE, { id })).post.workflowState).toBe('APPROVED');
    expect((await as(editor).data(HISTORY, { id })).post.workflowHistory).toHaveLength(2);
    expect(await writeMove(ctx, { ...stale, from: 'APPROVED', expected: 'APPROVED' })).toMatchObject({
      fromState: 'APPROVED',
      toState: 'DRAFT',
    });
  });

  it('bounds comments', async () => {
    const id = await draftBy(author, 'Wordy');
    const long = await as(editor).gql(COMMENT, { id, comment: 'x'.repeat(2001) });
    expect([codes(long.body), long.body.errors![0]!.extensions!.fieldErrors[0].code]).toEqual([
      ['VALIDATION_FAILED'],
      'TOO_LONG',
    ]);
    expect(codes((await as(editor).gql(COMMENT, { id, comment: '   ' })).body)).toEqual(['VALIDATION_FAILED']);
    expect(codes((await move(author, id, 'IN_REVIEW', 'y'.repeat(2001))).body)).toEqual(['VALIDATION_FAILED']);
    expect((await as(editor).data(STATE, { id })).post.workflowState).toBe('DRAFT');
  });

  it('with requireApproval on, publishPost needs an APPROVED item; direct publishes are recorded', async () => {
    const id = await draftBy(author, 'Shortcut');
    await as(admin).data(
      `mutation { updatePluginSettings(name: "workflow", settings: { requireApproval: true }) { settings } }`,
    );
    const refused = await as(editor).gql(`mutation P($id: ID!) { publishPost(where: { id: $id }) { status } }`, { id });
    expect([codes(refused.body), refused.body.errors![0]!.message]).toEqual([
      ['CONFLICT'],
      'This Post is DRAFT: it must be APPROVED in the workflow before it is published (transitionWorkflow)',
    ]);
    await move(author, id, 'IN_REVIEW');
    await move(editor, id, 'APPROVED');
    expect(
      (
        await as(editor).data(`mutation P($id: ID!) { publishPost(where: { id: $id }) { status workflowState } }`, {
          id,
        })
      ).publishPost,
    ).toEqual({
      status: 'PUBLISHED',
      workflowState: 'PUBLISHED',
    });
    await as(editor).data(`mutation P($id: ID!) { unpublishPost(where: { id: $id }) { status } }`, { id });
    expect((await as(editor).data(STATE, { id })).post).toEqual({ status: 'DRAFT', workflowState: 'DRAFT' });
    const { workflowHistory } = (await as(editor).data(HISTORY, { id })).post;
    expect(workflowHistory.slice(2).map((e: any) => [e.from, e.to, e.userId])).toEqual([
      ['APPROVED', 'PUBLISHED', editor.id],
      ['PUBLISHED', 'DRAFT', editor.id],
    ]);
    await as(admin).data(
      `mutation { updatePluginSettings(name: "workflow", settings: { requireApproval: false }) { settings } }`,
    );
  });

  it('reads the states of a list in one query, and forgets a deleted item', async () => {
    const ids = [await draftBy(author, 'List A'), await draftBy(author, 'List B')];
    await move(author, ids[0]!, 'IN_REVIEW');
    const handler = createHandler(buildCms(fixture));
    await warmUp(handler, editor.headers);
    const list = `{ posts(where: { title: { startsWith: "List " } }, orderBy: [{ title: asc }]) { nodes { title workflowState } } }`;
    const { body, statements } = await countedRun(handler, list, editor.headers);
    expect(body.data.posts.nodes).toEqual([
      { title: 'List A', workflowState: 'IN_REVIEW' },
      { title: 'List B', workflowState: 'DRAFT' },
    ]);
    expect(statements.filter((s) => s.includes('cms_workflow_states'))).toHaveLength(1);
    await as(editor).data(`mutation D($id: ID!) { deletePost(where: { id: $id }) { id } }`, { id: ids[0] });
    const left = await env.DB.prepare(
      `select (select count(*) from cms_workflow_states where item_id = ?1) + (select count(*) from cms_workflow_history where item_id = ?1) as n`,
    )
      .bind(ids[0])
      .first();
    expect(left).toEqual({ n: 0 });
  });

  it('switched off: its fields answer FORBIDDEN and null, its mutations FORBIDDEN, publishPost is free; uninstall drops its tables', async () => {
    const id = await draftBy(author, 'Switched off');
    await as(admin).data(
      `mutation { updatePluginSettings(name: "workflow", settings: { requireApproval: true }) { settings } }`,
    );
    await as(admin).data(`mutation { deactivatePlugin(name: "workflow") { status } }`);
    const read = await as(editor).gql(STATE, { id });
    expect([read.body.data?.post, codes(read.body), read.body.errors![0]!.extensions!.plugin]).toEqual([
      { status: 'DRAFT', workflowState: null },
      ['FORBIDDEN'],
      'workflow',
    ]);
    expect(codes((await move(editor, id, 'IN_REVIEW')).body)).toEqual(['FORBIDDEN']);
    expect(codes((await as(editor).gql(COMMENT, { id, comment: 'hello' })).body)).toEqual(['FORBIDDEN']);
    const published = await as(editor).data(`mutation P($id: ID!) { publishPost(where: { id: $id }) { status } }`, {
      id,
    });
    expect(published.publishPost.status).toBe('PUBLISHED'); // its hooks are off too

    const tables = `select count(*) as n from sqlite_master where name like 'cms_workflow_%'`;
    expect(await env.DB.prepare(tables).first()).toEqual({ n: 3 });
    expect(
      (await as(admin).data(`mutation { uninstallPlugin(name: "workflow") { status } }`)).uninstallPlugin.status,
    ).toBe('UNINSTALLED');
    expect(await env.DB.prepare(tables).first()).toEqual({ n: 0 });
    await as(admin).data(`mutation { installPlugin(name: "workflow") { status } }`);
    await as(admin).data(`mutation { activatePlugin(name: "workflow") { status } }`);
    expect(await env.DB.prepare(tables).first()).toEqual({ n: 3 });
    expect((await as(editor).data(HISTORY, { id })).post.workflowHistory).toEqual([]); // a fresh start
  });
});

describe('workflow options', () => {
  const build = (options: Parameters<typeof workflow>[0]) => () =>
    buildCms(defineConfig({ ...fixture, plugins: [workflow(options)] }));

  it('are checked when the config is built, naming the plugin', () => {
    expect(build({ collections: ['Nope'] })).toThrow(/Plugin "workflow": hooks for unknown collection "Nope"/);
    expect(build({ collections: [] })).toThrow(/Plugin "workflow": `collections` must list/);
    expect(
      build({ collections: ['Post'], transitions: [{ from: 'DRAFT', to: 'DONE' as never, roles: ['admin'] }] }),
    ).toThrow(/Plugin "workflow": unknown state "DONE" in a transition's "to"/);
    expect(build({ collections: ['Post'], transitions: [{ from: 'DRAFT', to: 'IN_REVIEW', roles: [] }] })).toThrow(
      /Plugin "workflow": the transition DRAFT → IN_REVIEW needs a non-empty list of roles/,
    );
  });
});
