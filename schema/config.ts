import { databaseTools, defineConfig, faq } from '../src';
import { collections } from './collections';

/**
 * The CMS config the worker serves. Collections are picked up from ./collections by `npm run db:generate`; system
 * plugins are opted into here (README: Plugins).
 */
export default defineConfig({ collections, plugins: [faq(), databaseTools()] });
