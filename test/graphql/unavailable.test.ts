import net from 'node:net';
import { ApolloServer } from '@apollo/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, HubError, isUnavailable } from '../../src/errors/hub-error';
import { createErrorFormatter } from '../../src/graphql/format-error';
import { unavailablePlugin } from '../../src/graphql/unavailable';
import { createLogger } from '../../src/platform/logger';
import { ADMIN_URL } from '../support/database';

/**
 * Issue 20: with the database down every request answered 500 INTERNAL. Errors that say the database
 * cannot be reached now answer 503 UNAVAILABLE (Retry-After), from resolvers as from the context; errors
 * that say the statement was wrong stay INTERNAL. The errors here are real ones from the pg driver.
 */

let closedPort: number;
let apollo: ApolloServer;

async function realError(connection: pg.ClientConfig | string, sql = 'select 1'): Promise<unknown> {
  const client = new pg.Client(connection as pg.ClientConfig);
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(sql);
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error('expected the statement to fail');
}

beforeAll(async () => {
  closedPort = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  apollo = new ApolloServer({
    typeDefs: 'type Query { unreachable: Int, wrong: Int }',
    resolvers: {
      Query: {
        unreachable: async () => {
          throw await realError({ host: '127.0.0.1', port: closedPort, user: 'postgres', database: 'postgres' });
        },
        wrong: async () => {
          throw await realError(ADMIN_URL, 'select * from no_such_table_here');
        },
      },
    },
    formatError: createErrorFormatter(createLogger('silent')),
    plugins: [unavailablePlugin],
  });
  await apollo.start();
});

afterAll(async () => {
  await apollo?.stop();
});

describe('a database that cannot be reached', () => {
  it('answers 503 UNAVAILABLE with Retry-After from a resolver, not 500 INTERNAL', async () => {
    const response = await apollo.executeOperation({ query: '{ unreachable }' });
    expect(response.http.status).toBe(503);
    expect(response.http.headers.get('retry-after')).toBe('5');
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(body?.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/unavailable right now; try again/), extensions: { code: 'UNAVAILABLE' } })]);
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('keeps a statement the database refuses as INTERNAL: only connection failures are UNAVAILABLE', async () => {
    const response = await apollo.executeOperation({ query: '{ wrong }' });
    expect(response.http.status).not.toBe(503);
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(body?.errors?.[0].extensions?.code).toBe('INTERNAL');
  });

  it('tells connection failures from statement errors, and the CLI exits 75 on them', async () => {
    const refused = await realError({ host: '127.0.0.1', port: closedPort, user: 'postgres', database: 'postgres' });
    const wrong = await realError(ADMIN_URL, 'select * from no_such_table_here');
    expect(isUnavailable(refused)).toBe(true);
    expect(isUnavailable(wrong)).toBe(false);
    // What PostgreSQL sends a session when it shuts down, and what the pool says when no connection comes.
    const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(isUnavailable(adminShutdown)).toBe(true);
    expect(isUnavailable(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(exitCodeFor(refused)).toBe(75);
    expect(exitCodeFor(new HubError('UNAVAILABLE', 'later'))).toBe(75);
    expect(exitCodeFor(wrong)).toBe(1);
  });
});
