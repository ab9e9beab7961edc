import type { Plugin } from 'graphql-yoga';
import type { Cms } from '../../types/cms';
import type { Context } from '../../types/context';
import { emitPluginEvent } from '../../plugins/events';
import { knownSnapshot, snapshotFor } from '../../plugins/state';
import { getVar, setVar } from '../../request/state';
import { recordStep } from '../trace';
import type { ServerContext } from '../../types/server';

declare module '../../request/state' {
  interface RequestVariableMap {
    /** When the plugin middleware step began (`performance.now()`), for the plugins' `requestEnd` duration. */
    pluginsStartedAt: number;
  }
}

/** The request an envelop hook's arguments belong to, wherever the hook keeps it. */
function requestOf(args: any): Request | undefined {
  return args?.request ?? args?.context?.request ?? args?.args?.contextValue?.request ?? args?.serverContext?.request;
}

/**
 * One plugin's envelop plugin, switched with the plugin: each hook acts only when the request's snapshot says the
 * plugin is active. Hooks that would run before the snapshot is read are refused at build (see ENVELOP_HOOKS).
 */
function switchable(plugin: string, envelop: Plugin<Context>): Plugin<Context> {
  const wrapped: Record<string, unknown> = {};
  for (const [hook, fn] of Object.entries(envelop)) {
    wrapped[hook] = (args: unknown) => {
      // The snapshot is read by this step's own onContextBuilding, which runs before the plugins it added.
      const request = requestOf(args);
      const active = request !== undefined && knownSnapshot(request)?.get(plugin)?.status === 'ACTIVE';
      return active ? (fn as (a: unknown) => unknown)(args) : undefined;
    };
  }
  return wrapped as Plugin<Context>;
}

/**
 * The pipeline's plugin middleware slot: when plugins bring envelop plugins, reads where the plugins stand once per
 * request (at most one small D1 query a second per isolate), then runs each while its plugin is active. Without
 * them the step does nothing: hooks, fields and collections of plugins read the states when they first need them.
 */
export function useCmsPlugins(cms: Cms): Plugin<Context, ServerContext> {
  const timed = cms.plugins.some((p) => p.events?.requestStart || p.events?.requestEnd);
  if (cms.envelop.length === 0 && !timed) return {};
  return {
    onPluginInit({ addPlugin }) {
      for (const { plugin, envelop } of cms.envelop) addPlugin(switchable(plugin, envelop) as never);
    },
    async onContextBuilding({ context }) {
      const started = performance.now();
      await snapshotFor(context);
      recordStep(context.request, 'plugins', started);
      if (timed) {
        setVar(context.request, 'pluginsStartedAt', started);
        await emitPluginEvent(context, 'requestStart', { ctx: context });
      }
    },
    onExecute({ args }) {
      if (!timed) return;
      const ctx = args.contextValue;
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result ? (result.errors?.length ?? 0) : 0;
          const durationMs = performance.now() - (getVar(ctx.request, 'pluginsStartedAt') ?? performance.now());
          ctx.waitUntil(emitPluginEvent(ctx, 'requestEnd', { ctx, durationMs, errors }));
        },
      };
    },
  };
}
