/** What the Worker hands to Yoga with each request (the server context of `yoga.fetch`). */
export interface ServerContext {
  env: Env;
  executionContext?: ExecutionContext;
}
