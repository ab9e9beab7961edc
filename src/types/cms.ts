import type { GraphQLSchema } from 'graphql';
import type { Plugin as EnvelopPlugin } from 'graphql-yoga';
import type { CacheSettings } from './cache';
import type { Collection } from './collection';
import type { CmsConfig } from './config';
import type { Context } from './context';
import type { Relations, Tables } from './db';
import type { PluginDefinition } from './plugin';
import type { PersistedDocumentsSettings, SecuritySettings } from './security';

/** The content model as the config layer validates and normalises it: no tables, no GraphQL. */
export interface ContentModel {
  config: CmsConfig;
  /** The plugins, core ones first, then the config's, dependencies first. */
  plugins: PluginDefinition[];
  collections: Collection[];
  byName: Map<string, Collection>;
}

/** The content model with its tables and relations: what migrations are generated from and the database layer needs. */
export interface Model extends ContentModel {
  tables: Tables;
  relations: Relations;
}

/**
 * Everything built from a config once, at module scope: the model, the settings and the GraphQL schema. Services
 * add what they own by declaration merging (the hook registry, the plugin states).
 */
export interface Cms extends Model {
  schema: GraphQLSchema;
  security: SecuritySettings;
  /** Automatic persisted queries and the trusted documents' manifest. */
  persisted: PersistedDocumentsSettings;
  cache: CacheSettings;
  /** Whether the request log line is written (`logging.requests`; `LOG_REQUESTS` may replace it per environment). */
  logRequests: boolean;
  /** `logging.serverTiming`; undefined: on in development only (`SERVER_TIMING` may replace it per environment). */
  serverTiming: boolean | undefined;
  /** The plugins' envelop plugins, each with the plugin it belongs to, in dependency order. */
  envelop: Array<{ plugin: string; envelop: EnvelopPlugin<Context> }>;
}
