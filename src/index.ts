// The public surface: what a content model, a plugin or an app needs. Everything else is internal.
export { defineCollection, defineConfig } from './config/define';
export type { CmsConfig, CollectionDefinition } from './types/config';
export type { AuthConfig, PasswordResetMessage, RegistrationMode, Viewer } from './types/auth';
export type { DocumentLimits, SecurityConfig } from './types/security';
// Hooks reject a write by throwing one of these: its code and message reach the client as they are (any other
// error is masked as INTERNAL_SERVER_ERROR outside development).
export {
  badUserInput,
  CmsConfigError,
  conflict,
  forbidden,
  notFound,
  unauthenticated,
  validationFailed,
} from './errors';
export type { FieldError } from './errors';
export * from './fields';
export type { CollectionHooks, HookArgs, HookHandler, HookName, HookRegistration } from './types/hooks';
// A hook's `ctx.access` tells what the caller may do (e.g. `ctx.access.role`, `ctx.access.canReadField(field)`).
export type { Access } from './permissions/access';
export type { Action } from './permissions/rules';
// CMS plugins: the same API the built-in features use (docs/plugins.md).
export { definePlugin } from './plugins/define';
export type {
  PluginApi,
  PluginDefinition,
  PluginMigration,
  SettingDefinition,
  SettingsOf,
  SettingsSchema,
} from './types/plugin';
export { pluginService, pluginSettings } from './plugins/services';
// System plugins: opt in with `plugins: [faq(), databaseTools(), workflow({ collections: ['Post'] })]`.
export { faq, type FaqOptions } from './plugins/system/faq';
export { databaseTools } from './plugins/system/database-tools';
export { emails, resendProvider, sendgridProvider } from './plugins/system/email';
export type { EmailOptions, EmailProvider, OutgoingEmail, SendEmailArgs } from './plugins/system/email';
export { DEFAULT_WORKFLOW_TRANSITIONS, WORKFLOW_STATES, workflow } from './plugins/system/workflow';
export type { WorkflowOptions, WorkflowState, WorkflowTransition } from './plugins/system/workflow';
export { media, MEDIA_TYPES, type MediaOptions } from './plugins/system/media';
