/** What the Worker hands to Yoga with each request (the server context of `yoga.fetch`). */
export interface ServerContext {
  env: Env;
  executionContext?: ExecutionContext;
  /** The binding of the content reads (the Drizzle client's): a D1 session that may read from a replica. */
  reads?: D1Database;
}
