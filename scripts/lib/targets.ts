/** A content model whose migrations db:generate keeps: its config, the drizzle-kit schema module, its folder. */
export interface Target {
  label: string;
  config: string;
  schema: string;
  /** Flat `NNNN_name.sql` files; drizzle-kit's snapshots live in `.drizzle/` inside. */
  migrations: string;
}

export const targets: Target[] = [
  // `migrations_dir` of the DB binding in wrangler.toml.
  {
    label: 'served config',
    config: 'schema/config.ts',
    schema: 'scripts/drizzle/app-schema.ts',
    migrations: 'migrations',
  },
  {
    label: 'test model',
    config: 'test/fixtures/config.ts',
    schema: 'scripts/drizzle/test-schema.ts',
    migrations: 'test/fixtures/migrations',
  },
];
