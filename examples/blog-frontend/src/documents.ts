import { graphql } from './gql';

/** A page of published posts, newest first, optionally filtered by tag: `where` and cursor paging. */
export const PostListQuery = graphql(`
  query PostList($where: PostWhereInput, $first: Int!, $after: String) {
    posts(where: $where, orderBy: [{ publishedAt: desc }], first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        title
        slug
        excerpt
        publishedAt
        featured
        views
        author {
          name
        }
        tags(first: 5, orderBy: [{ name: asc }]) {
          nodes {
            name
            slug
          }
        }
      }
    }
  }
`);

/** One post by any unique field: `PostWhereUniqueInput` is `@oneOf`, so exactly one key, typed as a union. */
export const PostQuery = graphql(`
  query Post($where: PostWhereUniqueInput!) {
    post(where: $where) {
      id
      title
      slug
      body
      publishedAt
      updatedAt
      author {
        name
        bio
      }
    }
  }
`);

/** A new post: `title` is non-null in `PostCreateInput`; the slug is derived from it when left out. */
export const CreatePostMutation = graphql(`
  mutation CreatePost($data: PostCreateInput!) {
    createPost(data: $data) {
      id
      slug
      status
      createdAt
    }
  }
`);
