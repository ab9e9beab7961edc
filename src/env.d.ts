// Secrets and optional bindings that `wrangler types` cannot see in wrangler.toml (CONVENTIONS §9).
interface CmsSecrets {
  JWT_SECRET?: string;
  JWT_SECRET_PREVIOUS?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  JWT_TTL?: string;
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
  /** The email plugin's delivery queue; without it, emails are sent in `waitUntil`. */
  EMAIL_QUEUE?: Queue;
  /** Cloudflare's email sending binding (`[[send_email]]`), used by the email plugin's `send_email` provider. */
  SEND_EMAIL?: SendEmail;
  /** `development`, `send_email`, `resend` or `sendgrid`: replaces the email plugin's `provider`. */
  EMAIL_PROVIDER?: string;
  RESEND_API_KEY?: string;
  SENDGRID_API_KEY?: string;
  /** Origins allowed by CORS, a comma list or `*`; replaces `security.cors.origins`. */
  CORS_ORIGINS?: string;
  /** The response cache's memory tier in bytes per isolate; replaces `cache.memoryBytes` (`0` turns the tier off). */
  CACHE_MEMORY_BYTES?: string;
  /** `on` or `off`: writes the request log line or not; replaces `logging.requests`. */
  LOG_REQUESTS?: string;
  /** `on` or `off`: sends the `Server-Timing` header or not; replaces `logging.serverTiming`. */
  SERVER_TIMING?: string;
  /**
   * `on` (the default), `off`, or `compare` (development only, for the test suite: the pipeline answers, and each read
   * the compiled path would answer is checked against it; see docs/compiled-reads.md).
   */
  COMPILED_READS?: string;
  /** Test-only: the same database as `DB` under another binding, for compare mode's uncounted compiled reads. */
  COMPILED_COMPARE_DB?: D1Database;
  /** `off`: never count a caller under `CF-Connecting-IP` (local runs, where clients can set it); default on. */
  TRUST_CF_CONNECTING_IP?: string;
}
interface Env extends CmsSecrets {}
declare namespace Cloudflare {
  interface Env extends CmsSecrets {}
}
