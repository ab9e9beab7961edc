// A GraphQL POST to the running worker, as a case sends it: the status, headers and parsed body.

/**
 * Sends `query` with `variables` to `${url}/graphql` as JSON.
 * @example
 * const { body } = await gql(url, '{ posts(first: 1) { totalCount } }');
 */
export async function gql(url, query, variables, headers = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** The code of a result's first error, or undefined. */
export const codeOf = (result) => result.body.errors?.[0]?.extensions?.code;
