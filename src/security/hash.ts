/** SHA-256 of a whole secret (token), hex: the key under which tokens are cached and stored. Never a prefix. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A new opaque secret: a readable prefix naming its kind and 256 random bits, base64url.
 * @example
 * randomSecret('cms_rt_') // "cms_rt_Qm9…"
 */
export function randomSecret(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return (
    prefix +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  );
}

/** The prefixes of the CMS's opaque secrets; access tokens are JWTs and have none. */
export const SECRET_PREFIX = {
  apiToken: 'cms_at_',
  refreshToken: 'cms_rt_',
  passwordReset: 'cms_pr_',
  invite: 'cms_inv_',
} as const;
