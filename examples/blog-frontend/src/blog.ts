import { Client, fetchExchange } from '@urql/core';
import { CreatePostMutation, PostListQuery, PostQuery } from './documents';
import type { PostCreateInput, PostListQuery as PostList, PostWhereUniqueInput } from './gql/graphql';
import { isRichText, plainText } from './json';

/**
 * A client for the CMS. Pass the token of a read-only API token for a public site (it reads published content only),
 * or a session's token to write.
 */
export function blogClient(url: string, token?: string): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

export type PostSummary = PostList['posts']['nodes'][number];

/** One page of posts, with a tag filter: the result is typed from the document, no hand-written interface. */
export async function postPage(client: Client, options: { tag?: string; first?: number; after?: string | null } = {}) {
  const where = options.tag ? { tags: { some: { slug: { equals: options.tag } } } } : null;
  const result = await client
    .query(PostListQuery, { where, first: options.first ?? 10, after: options.after ?? null })
    .toPromise();
  if (result.error) throw result.error;
  const posts = result.data!.posts;
  return {
    posts: posts.nodes,
    total: posts.totalCount,
    next: posts.pageInfo.hasNextPage ? posts.pageInfo.endCursor : null,
  };
}

/** One post by slug or id; `null` when there is none (or the caller may not see it). */
export async function findPost(client: Client, where: PostWhereUniqueInput) {
  const result = await client.query(PostQuery, { where }).toPromise();
  if (result.error) throw result.error;
  return result.data?.post ?? null;
}

export const postBySlug = (client: Client, slug: string) => findPost(client, { slug });

/** Creates a draft post; the server derives the slug from the title when none is given. */
export async function createPost(client: Client, data: PostCreateInput) {
  const result = await client.mutation(CreatePostMutation, { data }).toPromise();
  if (result.error) throw result.error;
  return result.data!.createPost;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A list item: `slug`, `featured` and `views` are non-null (derived or defaulted), `publishedAt` may be null. */
export function renderSummary(post: PostSummary): string {
  const date = post.publishedAt ? new Date(post.publishedAt).toISOString().slice(0, 10) : 'unpublished';
  const tags = post.tags.nodes.map((tag) => `<a href="/tags/${tag.slug}">${escapeHtml(tag.name)}</a>`).join(', ');
  const star = post.featured ? '★ ' : '';
  const link = `<a href="/posts/${post.slug}">${escapeHtml(post.title)}</a>`;
  return `<li>${star}${link} · ${date} · ${post.views} views · ${tags}</li>`;
}

/** A post page: the rich-text body is `JsonValue | null`, narrowed before use. */
export async function renderPost(client: Client, slug: string): Promise<string | null> {
  const post = await postBySlug(client, slug);
  if (!post) return null;
  const body = isRichText(post.body) ? plainText(post.body) : '';
  const by = post.author ? ` by ${escapeHtml(post.author.name)}` : '';
  return `<article><h1>${escapeHtml(post.title)}</h1><p>${by}</p><p>${escapeHtml(body)}</p></article>`;
}
