/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PostList($where: PostWhereInput, $first: Int!, $after: String) {\n    posts(where: $where, orderBy: [{ publishedAt: desc }], first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        excerpt\n        publishedAt\n        featured\n        views\n        author {\n          name\n        }\n        tags(first: 5, orderBy: [{ name: asc }]) {\n          nodes {\n            name\n            slug\n          }\n        }\n      }\n    }\n  }\n": typeof types.PostListDocument,
    "\n  query Post($where: PostWhereUniqueInput!) {\n    post(where: $where) {\n      id\n      title\n      slug\n      body\n      publishedAt\n      updatedAt\n      author {\n        name\n        bio\n      }\n    }\n  }\n": typeof types.PostDocument,
    "\n  mutation CreatePost($data: PostCreateInput!) {\n    createPost(data: $data) {\n      id\n      slug\n      status\n      createdAt\n    }\n  }\n": typeof types.CreatePostDocument,
};
const documents: Documents = {
    "\n  query PostList($where: PostWhereInput, $first: Int!, $after: String) {\n    posts(where: $where, orderBy: [{ publishedAt: desc }], first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        excerpt\n        publishedAt\n        featured\n        views\n        author {\n          name\n        }\n        tags(first: 5, orderBy: [{ name: asc }]) {\n          nodes {\n            name\n            slug\n          }\n        }\n      }\n    }\n  }\n": types.PostListDocument,
    "\n  query Post($where: PostWhereUniqueInput!) {\n    post(where: $where) {\n      id\n      title\n      slug\n      body\n      publishedAt\n      updatedAt\n      author {\n        name\n        bio\n      }\n    }\n  }\n": types.PostDocument,
    "\n  mutation CreatePost($data: PostCreateInput!) {\n    createPost(data: $data) {\n      id\n      slug\n      status\n      createdAt\n    }\n  }\n": types.CreatePostDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostList($where: PostWhereInput, $first: Int!, $after: String) {\n    posts(where: $where, orderBy: [{ publishedAt: desc }], first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        excerpt\n        publishedAt\n        featured\n        views\n        author {\n          name\n        }\n        tags(first: 5, orderBy: [{ name: asc }]) {\n          nodes {\n            name\n            slug\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PostList($where: PostWhereInput, $first: Int!, $after: String) {\n    posts(where: $where, orderBy: [{ publishedAt: desc }], first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        slug\n        excerpt\n        publishedAt\n        featured\n        views\n        author {\n          name\n        }\n        tags(first: 5, orderBy: [{ name: asc }]) {\n          nodes {\n            name\n            slug\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Post($where: PostWhereUniqueInput!) {\n    post(where: $where) {\n      id\n      title\n      slug\n      body\n      publishedAt\n      updatedAt\n      author {\n        name\n        bio\n      }\n    }\n  }\n"): (typeof documents)["\n  query Post($where: PostWhereUniqueInput!) {\n    post(where: $where) {\n      id\n      title\n      slug\n      body\n      publishedAt\n      updatedAt\n      author {\n        name\n        bio\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePost($data: PostCreateInput!) {\n    createPost(data: $data) {\n      id\n      slug\n      status\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePost($data: PostCreateInput!) {\n    createPost(data: $data) {\n      id\n      slug\n      status\n      createdAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;