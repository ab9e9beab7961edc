import { describe, expect, it } from 'vitest';
import { defineConfig, definePlugin } from '../src';
import { workerIn } from './helpers';
import fixture from './fixtures/config';

// A plugin route that throws is the server's fault: a masked JSON 500 with the security headers, never the runtime's
// error page (which shows the stack and file paths under wrangler dev).
const failing = definePlugin({
  name: 'failing-route',
  version: '1.0.0',
  routes: {
    '/boom/': async () => {
      throw new Error('select * from "users" failed at /work/src/boom.ts:1');
    },
  },
});

describe('plugin routes', () => {
  for (const profile of ['production', 'development']) {
    it(`a route that throws is a masked INTERNAL_SERVER_ERROR with the security headers in ${profile}`, async () => {
      const fetch = workerIn(profile, defineConfig({ ...fixture, plugins: [...fixture.plugins, failing] }));
      const response = await fetch('/boom/now', { headers: { 'x-request-id': 'route-failure-1' } });
      expect(response.status).toBe(500);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-request-id')).toBe('route-failure-1');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    });
  }
});
