// The development defaults of `.dev.vars.example`: fine on a laptop, never in production.
const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-do-not-use-in-production';
const DEV_ADMIN_PASSWORD = 'admin-dev-password';
const MIN_SECRET_LENGTH = 32;

/**
 * Why the production profile refuses to start, if it does: a missing, short or development JWT secret, or the
 * development admin password. Development (`ENVIRONMENT=development`) accepts anything.
 * @example
 * const problems = productionProblems(env); // ['JWT_SECRET is the development default']
 */
export function productionProblems(env: Pick<Env, 'ENVIRONMENT' | 'JWT_SECRET' | 'ADMIN_PASSWORD'>): string[] {
  if (env.ENVIRONMENT === 'development') return [];
  const problems: string[] = [];
  const secret = env.JWT_SECRET;
  if (!secret) problems.push('JWT_SECRET is not set');
  else if (secret === DEV_JWT_SECRET) problems.push('JWT_SECRET is the development default');
  else if (secret.length < MIN_SECRET_LENGTH)
    problems.push(`JWT_SECRET is shorter than ${MIN_SECRET_LENGTH} characters`);
  if (env.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD is the development default');
  return problems;
}
