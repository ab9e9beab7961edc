// The tables of the served config, for drizzle-kit. drizzle-kit loads this file with jiti as CommonJS and only
// sees tables on `module.exports` (an `export default` object is ignored), so the record is assigned there.
import config from '../../schema/config';
import { buildModel } from '../../src/config/model';
import { withTables } from '../../src/db/model';

declare const module: { exports: unknown };
module.exports = withTables(buildModel(config)).tables;
