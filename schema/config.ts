import { databaseTools, defineConfig, faq, media, workflow } from '../src';
import { collections } from './collections';

/**
 * The CMS config the worker serves. Collections are picked up from ./collections by `npm run db:generate`; system
 * plugins are opted into here (docs/plugins.md). The workflow tracks review states of posts; `publishPost` stays as the
 * API contract says (requireApproval off: admins can switch it on with updatePluginSettings).
 */
export default defineConfig({
  collections,
  plugins: [faq(), databaseTools(), workflow({ collections: ['Post'], requireApproval: false }), media()],
});
