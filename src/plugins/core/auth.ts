import { AUTH_CORE, defineCorePlugin } from '../../config/core';
import { createAuthSchema } from '../../graphql/auth';

/** Accounts as a core plugin: sign-in, tokens, sessions, `me`, users, invites and API tokens in the schema. */
export const authPlugin = defineCorePlugin({
  ...AUTH_CORE,
  schema: (builder, plugin) => createAuthSchema(builder, plugin.model),
});
