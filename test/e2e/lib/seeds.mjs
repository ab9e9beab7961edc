// The valid operations the hostile corpus is mutated from: the typed documents of test/documents, the examples
// of docs/api.md, and one of each kind of root field, most with variables (so variables can be mutated too).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const documents = (root) => readFileSync(path.join(root, 'test/documents/posts.graphql'), 'utf8');

/** `{ name, query, variables, operationName? }` for each seed; `mutation` marks the ones that write. */
export function seedOperations(root) {
  const typed = documents(root);
  return [
    {
      name: 'PostsPage',
      query: typed,
      operationName: 'PostsPage',
      variables: { first: 5, where: { title: { contains: 'edge', mode: 'insensitive' } }, orderBy: [{ title: 'asc' }] },
    },
    { name: 'PostBySlug', query: typed, operationName: 'PostBySlug', variables: { slug: 'hello-world' } },
    {
      name: 'FeaturedPosts',
      variables: {},
      query: `query FeaturedPosts {
  posts(
    where: {
      featured: { equals: true }
      title: { contains: "edge", mode: insensitive }
      OR: [{ views: { gte: 100 } }, { rating: { gte: 4.5 } }]
      author: { name: { startsWith: "A" } }
      tags: { some: { slug: { in: ["graphql", "workers"] } } }
    }
    orderBy: [{ publishedAt: desc }, { title: asc }]
    first: 10
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title } }
    nodes { title slug author { name } tags(first: 5, orderBy: [{ name: asc }]) { totalCount nodes { name } } }
  }
}`,
    },
    {
      name: 'AuthorWithPosts',
      variables: { id: '1' },
      query: `query AuthorWithPosts($id: ID!) {
  author(where: { id: $id }) {
    name
    posts(where: { status: { equals: PUBLISHED } }, first: 3, orderBy: [{ publishedAt: desc }]) {
      totalCount
      nodes { title publishedAt }
    }
  }
}`,
    },
    {
      name: 'TagsPage',
      variables: { first: 10, after: null, skip: 0, name: 'a' },
      query: `query TagsPage($first: Int, $after: String, $skip: Int, $name: String) {
  tags(first: $first, after: $after, skip: $skip, where: { name: { startsWith: $name } }) {
    pageInfo { hasNextPage endCursor }
    nodes { id name slug posts(first: 2) { nodes { title } } }
  }
}`,
    },
    {
      name: 'Authors',
      variables: { last: 3, before: null, ids: ['1', '2', '3'] },
      query: `query Authors($last: Int, $before: String, $ids: [ID!]) {
  authors(last: $last, before: $before, where: { id: { in: $ids } }) {
    edges { cursor node { name email bio } }
  }
}`,
    },
    {
      name: 'Directives',
      variables: { withBody: true, skipAuthor: false, views: 10 },
      query: `query Directives($withBody: Boolean!, $skipAuthor: Boolean!, $views: Int) {
  posts(first: 3, where: { views: { gte: $views } }) {
    nodes { id ...Parts body @include(if: $withBody) author @skip(if: $skipAuthor) { name } }
  }
}
fragment Parts on Post { title excerpt rating featured }`,
    },
    {
      name: 'Aliases',
      variables: { a: 'hello-world', b: 'second-post' },
      query: `query Aliases($a: String!, $b: String!) {
  first: post(where: { slug: $a }) { id title }
  second: post(where: { slug: $b }) { id title }
  count: posts(first: 1) { totalCount }
  __typename
}`,
    },
    {
      name: 'Faqs',
      variables: { category: 'General' },
      query: `query Faqs($category: String) {
  faqSections(category: $category) { category faqs { question answer } }
  faqs(first: 5, orderBy: [{ order: asc }]) { nodes { question category } }
}`,
    },
    {
      name: 'Media',
      variables: { first: 2 },
      query: `query Media($first: Int) {
  mediaItems(first: $first) { nodes { id filename mimeType size width height url alt } }
}`,
    },
    { name: 'Me', variables: {}, query: '{ me { id email role } workflowTransitions { from to } }' },
    {
      name: 'Introspection',
      variables: { type: 'Post' },
      query: `query Introspection($type: String!) {
  __type(name: $type) { name kind fields { name type { name kind ofType { name } } } }
  __schema { queryType { name } types { name } }
}`,
    },
    {
      name: 'AdminOnly',
      variables: { first: 5 },
      query: `query AdminOnly($first: Int) {
  users(first: $first) { email role } roles { name } plugins { name }
  cacheStats { memory { __typename } } eventLog(first: 3) { event }
}`,
    },
    {
      name: 'Login',
      mutation: true,
      variables: { email: 'nobody@corpus.test', password: 'not-the-password' },
      query: `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password, setCookie: true) { token refreshToken expiresAt }
}`,
    },
    {
      name: 'CreatePost',
      mutation: true,
      variables: { data: { title: 'Corpus', body: { type: 'doc', content: [] }, views: 1 } },
      query: `mutation CreatePost($data: PostCreateInput!) {
  createPost(data: $data) { id slug status version }
}`,
    },
    {
      name: 'UpdatePosts',
      mutation: true,
      variables: { where: { views: { lt: 0 } } },
      query: `mutation UpdatePosts($where: PostWhereInput!) {
  updatePosts(where: $where, data: { featured: false }) { count }
  deletePost(where: { slug: "nothing-here" }) { id }
}`,
    },
    {
      name: 'PasswordReset',
      mutation: true,
      variables: { email: 'nobody@corpus.test', token: 'x'.repeat(40) },
      query: `mutation PasswordReset($email: String!, $token: String!) {
  requestPasswordReset(email: $email)
  resetPassword(token: $token, newPassword: "corpus-password-1")
}`,
    },
  ];
}
