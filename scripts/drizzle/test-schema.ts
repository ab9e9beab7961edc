// The tables of the test content model, for drizzle-kit (see app-schema.ts for why `module.exports`).
import { buildModel } from '../../src/config/model';
import { withTables } from '../../src/db/model';
import config from '../../test/fixtures/config';

declare const module: { exports: unknown };
module.exports = withTables(buildModel(config)).tables;
