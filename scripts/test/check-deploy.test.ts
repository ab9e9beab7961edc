// `npm run check:deploy`: reading the bindings `wrangler deploy --dry-run` prints, and the real check on a copy of the
// project whose wrangler.toml has the [env.production] section `npm run deploy` writes.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { developmentValues, environmentsIn, problemsOf, variablesIn } from '../check-deploy.mjs';
import { envBlock, withEnvBlock } from '../lib/deploy-config';
import { wranglerConfigReader } from '../lib/deploy';
import { copyProject } from './project-copy';

const repo = process.cwd();
const development = developmentValues(readFileSync(path.join(repo, '.dev.vars.example'), 'utf8'));

const table = (vars: string) => `Your Worker has access to the following bindings:
Binding                                                   Resource
env.LOGIN_LIMITER (LoginLimiter)                          Durable Object
env.DB (edge-cms)                                         D1 Database
${vars}
--dry-run: exiting now.`;

describe('check:deploy', () => {
  it('reads the variables of the binding table, values as wrangler quotes them', () => {
    const output = table(
      'env.ENVIRONMENT ("production")                            Environment Variable\n' +
        'env.CACHE_MEMORY_BYTES ("0")                              Environment Variable',
    );
    expect(variablesIn(output)).toEqual({ ENVIRONMENT: 'production', CACHE_MEMORY_BYTES: '0' });
    expect(problemsOf(variablesIn(output), development)).toEqual([]);
  });

  it('fails on ENVIRONMENT=development, on no ENVIRONMENT, and on a value from .dev.vars.example', () => {
    const vars = (lines: string) => variablesIn(table(lines));
    expect(problemsOf(vars('env.ENVIRONMENT ("development")            Environment Variable'), development)).toEqual([
      'ENVIRONMENT is "development"',
    ]);
    expect(problemsOf(vars(''), development)).toEqual(['no ENVIRONMENT variable among the bindings']);
    const secret = `env.JWT_SECRET ("${development.JWT_SECRET}")     Environment Variable`;
    expect(problemsOf(vars(`env.ENVIRONMENT ("production")    Environment Variable\n${secret}`), development)).toEqual([
      'JWT_SECRET has its development value from .dev.vars.example',
    ]);
  });

  it('finds the environments of a wrangler.toml', () => {
    expect(
      environmentsIn('[vars]\nA = "1"\n[env.production]\nname = "x"\n[env.production.vars]\n[env.staging]\n'),
    ).toEqual(['production', 'staging']);
  });

  it('passes on the repository and on the [env.production] section the deploy writes (real wrangler)', () => {
    const dir = copyProject(
      ['package.json', 'wrangler.toml', '.dev.vars.example', 'src', 'schema', 'plugins', 'migrations', 'scripts'],
      'cms-check-deploy-',
    );
    try {
      const configPath = path.join(dir, 'wrangler.toml');
      const { raw, text } = wranglerConfigReader(configPath)();
      const resources = {
        workerName: 'edge-cms',
        d1: { name: 'edge-cms', id: '11111111-2222-4333-8444-555555555555' },
        kv: { title: 'edge-cms', id: 'ab'.repeat(16) },
        r2: { name: 'edge-cms-media' },
      };
      writeFileSync(configPath, withEnvBlock(text, 'production', envBlock(raw, 'production', resources)));
      const run = spawnSync(process.execPath, ['scripts/check-deploy.mjs'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(
        '✔ wrangler deploy --dry-run (top level): production profile (ENVIRONMENT=production)',
      );
      expect(run.stdout).toContain(
        '✔ wrangler deploy --dry-run (--env production): production profile (ENVIRONMENT=production)',
      );
      expect(run.status).toBe(0);

      // The same section with development values fails the check.
      writeFileSync(
        configPath,
        readFileSync(configPath, 'utf8').replace('ENVIRONMENT = "production"', 'ENVIRONMENT = "development"'),
      );
      const bad = spawnSync(process.execPath, ['scripts/check-deploy.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(bad.stderr).toContain('✖ wrangler deploy --dry-run (top level): ENVIRONMENT is "development"');
      expect(bad.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
