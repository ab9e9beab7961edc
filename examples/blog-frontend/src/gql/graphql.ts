/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { JsonValue } from '../json';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AuthorRelateToOneForCreateInput = {
  connect?: AuthorWhereUniqueInput | null | undefined;
};

/** Filters authors; every entry must hold (AND). Relation filters test related items. */
export type AuthorWhereInput = {
  AND?: Array<AuthorWhereInput> | null | undefined;
  NOT?: Array<AuthorWhereInput> | null | undefined;
  OR?: Array<AuthorWhereInput> | null | undefined;
  bio?: StringFilter | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  email?: StringFilter | null | undefined;
  id?: IdFilter | null | undefined;
  name?: StringFilter | null | undefined;
  posts?: PostListRelationFilter | null | undefined;
  publishedAt?: DateTimeFilter | null | undefined;
  status?: ContentStatusFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
  version?: IntFilter | null | undefined;
};

/** Identifies one Author: give exactly one of these fields. */
export type AuthorWhereUniqueInput =
  {   email: string; id?: never; }
  |  { email?: never;   id: string | number; };

export type BooleanFilter = {
  equals?: boolean | null | undefined;
  isNull?: boolean | null | undefined;
  not?: boolean | null | undefined;
};

export type ContentStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PUBLISHED';

export type ContentStatusFilter = {
  equals?: ContentStatus | null | undefined;
  in?: Array<ContentStatus> | null | undefined;
  isNull?: boolean | null | undefined;
  not?: ContentStatus | null | undefined;
  notIn?: Array<ContentStatus> | null | undefined;
};

export type DateTimeFilter = {
  equals?: string | null | undefined;
  gt?: string | null | undefined;
  gte?: string | null | undefined;
  in?: Array<string> | null | undefined;
  /** true: only items without a value; false: only items with one */
  isNull?: boolean | null | undefined;
  lt?: string | null | undefined;
  lte?: string | null | undefined;
  not?: string | null | undefined;
  notIn?: Array<string> | null | undefined;
};

export type FloatFilter = {
  equals?: number | null | undefined;
  gt?: number | null | undefined;
  gte?: number | null | undefined;
  in?: Array<number> | null | undefined;
  /** true: only items without a value; false: only items with one */
  isNull?: boolean | null | undefined;
  lt?: number | null | undefined;
  lte?: number | null | undefined;
  not?: number | null | undefined;
  notIn?: Array<number> | null | undefined;
};

export type IdFilter = {
  equals?: string | number | null | undefined;
  in?: Array<string | number> | null | undefined;
  /** true: only items without a value; false: only items with one */
  isNull?: boolean | null | undefined;
  not?: string | number | null | undefined;
  notIn?: Array<string | number> | null | undefined;
};

export type IntFilter = {
  equals?: number | null | undefined;
  gt?: number | null | undefined;
  gte?: number | null | undefined;
  in?: Array<number> | null | undefined;
  /** true: only items without a value; false: only items with one */
  isNull?: boolean | null | undefined;
  lt?: number | null | undefined;
  lte?: number | null | undefined;
  not?: number | null | undefined;
  notIn?: Array<number> | null | undefined;
};

export type JsonFilter = {
  isNull?: boolean | null | undefined;
};

/** A new Post. Fields the server can't supply are non-null; the other rules (lengths, formats, unique values) are checked on the server and reported together as VALIDATION_FAILED fieldErrors. */
export type PostCreateInput = {
  author?: AuthorRelateToOneForCreateInput | null | undefined;
  body?: JsonValue | null | undefined;
  excerpt?: string | null | undefined;
  featured?: boolean | null | undefined;
  rating?: number | null | undefined;
  slug?: string | null | undefined;
  tags?: TagRelateToManyForCreateInput | null | undefined;
  title: string;
  views?: number | null | undefined;
};

/** Tests the related posts: some match, every one matches (also true for none), or none matches. */
export type PostListRelationFilter = {
  every?: PostWhereInput | null | undefined;
  none?: PostWhereInput | null | undefined;
  some?: PostWhereInput | null | undefined;
};

/** Filters posts; every entry must hold (AND). Relation filters test related items. */
export type PostWhereInput = {
  AND?: Array<PostWhereInput> | null | undefined;
  NOT?: Array<PostWhereInput> | null | undefined;
  OR?: Array<PostWhereInput> | null | undefined;
  author?: AuthorWhereInput | null | undefined;
  body?: JsonFilter | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  excerpt?: StringFilter | null | undefined;
  featured?: BooleanFilter | null | undefined;
  id?: IdFilter | null | undefined;
  publishedAt?: DateTimeFilter | null | undefined;
  rating?: FloatFilter | null | undefined;
  slug?: StringFilter | null | undefined;
  status?: ContentStatusFilter | null | undefined;
  tags?: TagListRelationFilter | null | undefined;
  title?: StringFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
  version?: IntFilter | null | undefined;
  views?: IntFilter | null | undefined;
};

/** Identifies one Post: give exactly one of these fields. */
export type PostWhereUniqueInput =
  {   id: string | number; slug?: never; }
  |  { id?: never;   slug: string; };

export type QueryMode =
  | 'default'
  | 'insensitive';

export type StringFilter = {
  contains?: string | null | undefined;
  endsWith?: string | null | undefined;
  equals?: string | null | undefined;
  gt?: string | null | undefined;
  gte?: string | null | undefined;
  in?: Array<string> | null | undefined;
  /** true: only items without a value; false: only items with one */
  isNull?: boolean | null | undefined;
  lt?: string | null | undefined;
  lte?: string | null | undefined;
  /** insensitive: compare Unicode case-folded text (ü = Ü, ß = SS, İ = i) */
  mode?: QueryMode | null | undefined;
  not?: string | null | undefined;
  notIn?: Array<string> | null | undefined;
  startsWith?: string | null | undefined;
};

/** Tests the related tags: some match, every one matches (also true for none), or none matches. */
export type TagListRelationFilter = {
  every?: TagWhereInput | null | undefined;
  none?: TagWhereInput | null | undefined;
  some?: TagWhereInput | null | undefined;
};

export type TagRelateToManyForCreateInput = {
  connect?: Array<TagWhereUniqueInput> | null | undefined;
};

/** Filters tags; every entry must hold (AND). Relation filters test related items. */
export type TagWhereInput = {
  AND?: Array<TagWhereInput> | null | undefined;
  NOT?: Array<TagWhereInput> | null | undefined;
  OR?: Array<TagWhereInput> | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  id?: IdFilter | null | undefined;
  name?: StringFilter | null | undefined;
  posts?: PostListRelationFilter | null | undefined;
  publishedAt?: DateTimeFilter | null | undefined;
  slug?: StringFilter | null | undefined;
  status?: ContentStatusFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
  version?: IntFilter | null | undefined;
};

/** Identifies one Tag: give exactly one of these fields. */
export type TagWhereUniqueInput =
  {   id: string | number; name?: never; slug?: never; }
  |  { id?: never;   name: string; slug?: never; }
  |  { id?: never; name?: never;   slug: string; };

export type PostListQueryVariables = Exact<{
  where?: PostWhereInput | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type PostListQuery = { posts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, slug: string, excerpt: string | null, publishedAt: string | null, featured: boolean, views: number, author: { name: string } | null, tags: { nodes: Array<{ name: string, slug: string }> } }> } };

export type PostQueryVariables = Exact<{
  where: PostWhereUniqueInput;
}>;


export type PostQuery = { post: { id: string, title: string, slug: string, body: JsonValue | null, publishedAt: string | null, updatedAt: string, author: { name: string, bio: string | null } | null } | null };

export type CreatePostMutationVariables = Exact<{
  data: PostCreateInput;
}>;


export type CreatePostMutation = { createPost: { id: string, slug: string, status: ContentStatus, createdAt: string } };


export const PostListDocument = {"__meta__":{"hash":"sha256:fb51a64404f0ef26cc4d34856cb6b82f57cb5b4251343313535d205d646bb9c7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PostList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PostWhereInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"posts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"publishedAt"},"value":{"kind":"EnumValue","value":"desc"}}]}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"excerpt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"featured"}},{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"EnumValue","value":"asc"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PostListQuery, PostListQueryVariables>;
export const PostDocument = {"__meta__":{"hash":"sha256:c8c847495b5489c541e83769aa6e4462b91a0b20c303d90ee3fc7bf5c03a4249"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Post"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PostWhereUniqueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"post"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"bio"}}]}}]}}]}}]} as unknown as DocumentNode<PostQuery, PostQueryVariables>;
export const CreatePostDocument = {"__meta__":{"hash":"sha256:1b8accb52896881615d46671401c0693333c219f455f443753982ce1b2083397"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreatePost"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"data"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PostCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPost"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"data"},"value":{"kind":"Variable","name":{"kind":"Name","value":"data"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<CreatePostMutation, CreatePostMutationVariables>;