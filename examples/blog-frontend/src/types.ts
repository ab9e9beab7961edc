// The generated types the example names, in one place.
export type { PostCreateInput, PostQuery, PostWhereUniqueInput } from './gql/graphql';
export type { PostSummary } from './blog';
