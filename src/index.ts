// The public surface: what a content model, a plugin or an app needs. Everything else is internal.
export { defineCollection, defineConfig } from './config/define';
export type { CmsConfig, CollectionDefinition } from './config/define';
export { CmsConfigError } from './errors';
export type { FieldError } from './errors';
export * from './fields';
export type { CollectionHooks, HookArgs, HookHandler, HookName, HookRegistration } from './hooks/types';
