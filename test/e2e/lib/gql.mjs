// A GraphQL POST to the running worker, as a case sends it: the status, headers and parsed body.

/**
 * Sends `query` with `variables` to `${url}/graphql` as JSON (answered as `application/json` unless `headers` say
 * otherwise); returns the status, headers, body text and parsed body.
 * @example
 * const { body } = await gql(url, '{ posts(first: 1) { totalCount } }');
 */
export async function gql(url, query, variables, headers = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** The code of a result's first error, or undefined. */
export const codeOf = (result) => result.body.errors?.[0]?.extensions?.code;
