// The served worker with the trusted documents of test/persisted (the manifest the codegen client preset wrote) as
// its `persistedDocuments`: what an operator ships once they configure a manifest. The persisted-documents case serves
// it with `wrangler dev` in the production profile, where only those documents run.
import { migrations } from '../../../migrations/bundle';
import served from '../../../schema/config';
import { buildCms } from '../../../src/build';
import { createHandler } from '../../../src/server/handler';
import manifest from '../../persisted/generated/persisted-documents.json';

export default createHandler(buildCms({ ...served, persistedDocuments: { manifest } }), { migrations });
export { LoginLimiter } from '../../../src/auth/login-limiter';
