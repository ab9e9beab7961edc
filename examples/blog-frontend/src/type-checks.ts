// Compile-time checks of the schema's promises, run by `npm run check:examples` (tsc). Each `@ts-expect-error`
// fails the check if the line ever compiles, i.e. if the schema stops promising what the comment says.
import type { PostCreateInput, PostQuery, PostSummary, PostWhereUniqueInput } from './types';

export const bySlug: PostWhereUniqueInput = { slug: 'hello' };
export const byId: PostWhereUniqueInput = { id: '0190' };
// @ts-expect-error @oneOf: two keys are not a PostWhereUniqueInput
export const both: PostWhereUniqueInput = { id: '0190', slug: 'hello' };
// @ts-expect-error @oneOf: no key is not a PostWhereUniqueInput
export const none: PostWhereUniqueInput = {};

export const draft: PostCreateInput = { title: 'Hello' };
// @ts-expect-error title is required: non-null in PostCreateInput
export const untitled: PostCreateInput = { excerpt: 'No title' };

// Fields that always have a value need no null check; the others must be checked.
export const slugOf = (post: PostSummary): string => post.slug;
export const viewsOf = (post: PostSummary): number => post.views;
export const featuredOf = (post: PostSummary): boolean => post.featured;
// @ts-expect-error publishedAt is null until the post is published
export const publishedAtOf = (post: PostSummary): string => post.publishedAt;
// @ts-expect-error the JSON scalar is a JsonValue, not any
export const bodyIsNotAny = (post: NonNullable<PostQuery['post']>): number => post.body;
