import type { TypedDocumentString } from '../../src/graphql/client/graphql';

interface GraphQLResponseBody<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** What a frontend does with the generated client: POST the document string, get the typed `data` back or an error naming the GraphQL errors. */
export function typedClient(url: string, key: string) {
  return async function execute<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = (await response.json()) as GraphQLResponseBody<TResult>;
    if (body.errors?.length || !body.data) {
      const messages = body.errors?.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; ');
      throw new Error(`GraphQL request failed (HTTP ${response.status}): ${messages ?? 'no data'}`);
    }
    return body.data;
  };
}
