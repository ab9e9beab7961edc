import { createAuthSchema } from '../graphql/auth';
import { defineCorePlugin } from '../plugins/core';
import { definePlugin } from '../plugins/define';

/** Accounts as a core plugin: sign-in, tokens, sessions, `me`, users, invites and API tokens in the schema. */
export const authPlugin = defineCorePlugin(
  definePlugin({
    name: 'auth',
    version: '1.0.0',
    description: 'Sign-in, JWT access and refresh tokens, sessions, users, invites and API tokens.',
    schema: (builder, plugin) => createAuthSchema(builder, plugin.model),
  }),
);
