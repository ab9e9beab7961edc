import { defineConfig, workflow } from '../src';
import { collections } from './collections';

/**
 * The CMS config the worker serves. Collections are picked up from ./collections by `npm run db:generate`; the
 * workflow plugin's tables come from its own migrations when the worker first starts.
 */
export default defineConfig({ collections, plugins: [workflow({ collections: ['Post'] })] });
