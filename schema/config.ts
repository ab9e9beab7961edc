import { defineConfig } from '../src';
import { collections } from './collections';

/** The CMS config the worker serves. Collections are picked up from ./collections by `npm run db:generate`. */
export default defineConfig({ collections });
