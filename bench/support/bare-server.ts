import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { announceServer, failServer } from './server-child';

/**
 * The floor the hub is compared with: the same @apollo/server, express 5 integration and express.json,
 * with a trivial schema and no database, answering `{ __typename }`. It gets the same HTTP tuning as the
 * hub (no ETag, no cache-control plugin), so the ratio measures the hub's own work.
 */
async function main(): Promise<void> {
  const app = express();
  app.set('etag', false);
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer({
    typeDefs: 'type Query { ok: Boolean }',
    resolvers: { Query: { ok: () => true } },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled()],
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  announceServer(`http://127.0.0.1:${port}/graphql`, { stats: () => ({}), stop: () => apollo.stop() });
}

main().catch(failServer);
