import { migrations } from '../migrations/bundle';
import config from '../schema/config';
import { buildCms } from './build';
import { createHandler } from './server/handler';

// Built once per isolate, at module scope: a config mistake fails at startup, never during a request.
export default createHandler(buildCms(config), { migrations });
// Durable Object classes the wrangler config binds (LOGIN_LIMITER).
export { LoginLimiter } from './auth/login-limiter';
