import { databaseTools, defineConfig, emails, faq, media, workflow } from '../src';
import { collections } from './collections';

/**
 * The CMS config the worker serves. Collections are picked up from ./collections by `npm run db:generate`; system
 * plugins are opted into here (docs/plugins.md). The workflow tracks review states of posts; `publishPost` stays as the
 * API contract says (requireApproval off: admins can switch it on with updatePluginSettings). Email has no provider
 * chosen: development keeps it (GET /email/outbox), a deployment sends through SEND_EMAIL or, without that binding,
 * starts with email off (docs/email.md#production-setup). Set `from` and `site` to yours before sending for real.
 */
export default defineConfig({
  collections,
  plugins: [
    faq(),
    databaseTools(),
    workflow({ collections: ['Post'], requireApproval: false }),
    media(),
    emails({ from: 'Edge CMS <cms@example.com>' }),
  ],
});
