import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createContext, type GraphQLContext } from '../graphql/context';
import { depthLimitRule } from '../graphql/depth-limit';
import { createErrorFormatter } from '../graphql/format-error';
import { unavailableGraphQLError, unavailablePlugin } from '../graphql/unavailable';
import { refusal, requestLimitsPlugin } from '../graphql/request-limits.plugin';
import type { Principal } from '../modules/auth';
import { KeyRateLimiter } from '../platform/rate-limit/key-rate-limiter';
import { PenaltyLane } from '../platform/rate-limit/penalty-lane';
import { connectDatabase } from './database';
import { checkReadiness } from './readiness';
import { apiServicesOn, type HubServices } from './services';

export interface RunningHttpServer {
  url: string;
  /** Statements sent through the API's own read pool so far (tests count them to catch N+1 reads). */
  readStatements(): number;
  stop(): Promise<void>;
}

/**
 * Serves /graphql (bearer-key auth, a rate limit per key, body, token, depth, alias and cost limits, reads on a pool
 * of their own with a statement timeout), /health (liveness: this process answers) and
 * /ready (the database and the queue answer; 503 naming what is down) on one HTTP server.
 */
export async function startHttpServer(services: HubServices, schema: GraphQLSchema, listen: { host: string; port: number }): Promise<RunningHttpServer> {
  const { config, logger } = services;
  const { apiLimits } = config;
  // GraphQL reads get a pool of their own with a statement timeout: no client can take ingestion's or the dispatcher's connections.
  const apiDatabase = await connectDatabase(services.database.url, { poolSize: apiLimits.poolSize, statementTimeoutMs: apiLimits.statementTimeoutMs });
  const apiServices = apiServicesOn(services, apiDatabase);
  const rateLimiter = new KeyRateLimiter({ redisUrl: config.redisUrl, prefix: config.queuePrefix });
  const penaltyLane = new PenaltyLane({ penaltyMs: PENALTY_MS, maxWaiting: PENALTY_LANE_MAX_WAITING, share: PENALTY_LANE_SHARE, maxPauseMs: PENALTY_LANE_MAX_PAUSE_MS });
  const app = express();
  // GraphQL answers are POSTed and never revalidated: hashing each body for an ETag is wasted work.
  app.set('etag', false);
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: [depthLimitRule(config.limits.maxQueryDepth)],
    parseOptions: { maxTokens: apiLimits.maxTokens },
    formatError: createErrorFormatter(logger),
    // No cache hints are used: the per-field cache-control hook would only cost time on every field.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), unavailablePlugin, requestLimitsPlugin({
        maxQueryCost: apiLimits.maxQueryCost,
        maxAliases: apiLimits.maxAliases,
        maxPageSize: config.limits.maxPageSize,
        onRefused: (principal) => penaltyLane.penalize(keyCaller(principal.apiKeyId)),
      }),
    ],
    includeStacktraceInErrorResponses: false,
    // The CLI owns shutdown (HTTP, then database, then the embedded server); Apollo must not race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  // Liveness only: a restarting database must not get the process killed by its orchestrator.
  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/ready', async (_request, response) => {
    const readiness = await checkReadiness(services);
    const down = Object.entries(readiness.checks).filter(([, check]) => check.status === 'down').map(([name]) => name);
    response.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'unavailable', ...(down.length > 0 ? { down } : {}), checks: readiness.checks });
  });
  app.use(
    '/graphql',
    admitBeforeBody(services, penaltyLane, rateLimiter, apiLimits.authFailuresPerMinute, rateLimitBeforeBody(rateLimiter, apiLimits.rateLimitPerMinute)),
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        // Counted before the body was read, unless that check could not tell who the caller is.
        const counted = res.locals.rateCounted as Principal | undefined;
        const principal = counted ?? (await authenticate(services, req.headers.authorization));
        if (!counted) await enforceRate(rateLimiter, principal, apiLimits.rateLimitPerMinute);
        return createContext(apiServices, principal);
      },
    }),
  );
  app.use(bodyErrorHandler(config.limits.maxBodyBytes));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${listen.host}:${port}/graphql`,
    readStatements: () => apiDatabase.queryCount,
    async stop() {
      await apollo.stop();
      await rateLimiter.close();
      await apiDatabase.close();
    },
  };
}

// How long a refused caller's requests go through the penalty lane, counted from its latest refusal.
const PENALTY_MS = 30_000;
// Requests the lane holds before it refuses more at once (each waiting one holds a socket and its body).
const PENALTY_LANE_MAX_WAITING = 256;
// Refused callers together get at most half of the event loop; a single refusal still answers in milliseconds.
const PENALTY_LANE_SHARE = 0.5;
const PENALTY_LANE_MAX_PAUSE_MS = 20;
// Answers that mark a caller as abusive: no or an unknown key, a body over the limit, over its rate. Over the
// cost budget is reported by the request-limits plugin, which knows it from the other 400s.
const PENALIZED_STATUSES = new Set([401, 413, 429]);

type Caller = { principal: Principal | null; id: string };

/**
 * Tells who is calling before the body is read (the key, or the address when the key is missing or unknown),
 * penalizes the caller when the answer is a refusal, and sends an already penalized caller through the
 * penalty lane (see PenaltyLane) before anything else is done for it. An address that has sent
 * `authFailuresPerMinute` missing or unknown keys this minute is refused before its next unknown key is
 * looked up in the database: random keys cannot turn into one query each.
 */
function admitBeforeBody(
  services: HubServices,
  lane: PenaltyLane,
  limiter: KeyRateLimiter,
  authFailuresPerMinute: number,
  then: (caller: Caller, request: express.Request, response: express.Response, next: express.NextFunction) => Promise<void>,
): RequestHandler {
  return async (request, response, next) => {
    const address = `ip:${request.socket.remoteAddress ?? 'unknown'}`;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    let principal: Principal | null = (token && services.apiKeys.knownPrincipal(token)) || null;
    if (!principal) {
      const failures = await limiter.spent(address, authFailuresPerMinute).catch(() => ({ allowed: true as const }));
      if (!failures.allowed) {
        lane.penalize(address);
        response
          .status(429)
          .set('retry-after', String(failures.retryAfterSeconds))
          .json({ errors: [{ message: `Too many requests with a missing or unknown API key from this address; retry in ${failures.retryAfterSeconds} s with a valid key.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: failures.retryAfterSeconds } }] });
        return;
      }
      try {
        principal = token ? await services.apiKeys.authenticate(token) : null;
      } catch {
        principal = null; // the database is away: the GraphQL path answers 503
      }
    }
    const caller: Caller = { principal, id: principal ? keyCaller(principal.apiKeyId) : address };
    response.once('finish', () => {
      if (!PENALIZED_STATUSES.has(response.statusCode)) return;
      lane.penalize(caller.id);
      if (response.statusCode === 401) limiter.take(address, authFailuresPerMinute).catch(() => undefined);
    });
    if (!lane.isPenalized(caller.id)) return then(caller, request, response, next);
    // Listened for from the moment the request waits: a client that hangs up while waiting must not leave its
    // turn holding the lane (its 'close' has come and gone by the time the turn would start).
    let closed = false;
    let leaveLane: (() => void) | undefined;
    response.once('close', () => {
      closed = true;
      leaveLane?.();
    });
    const entered = lane.enter((leave) => {
      if (closed) return leave();
      leaveLane = leave;
      response.once('finish', leave);
      void then(caller, request, response, next);
    });
    if (!entered) {
      response.status(429).set('retry-after', '1').json({ errors: [{ message: 'Too many refused requests from this caller are waiting; slow down and retry in 1 s.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } }] });
    }
  };
}

function keyCaller(apiKeyId: string): string {
  return `key:${apiKeyId}`;
}

/**
 * Counts the request against its key's rate before the body is read, and answers a key over it at once (HTTP 429
 * RATE_LIMITED, Retry-After): the cheapest refusal, for the flood it is there for. A request whose key it cannot
 * tell (none, unknown, the database away) goes on to the GraphQL path, which answers it.
 */
function rateLimitBeforeBody(limiter: KeyRateLimiter, defaultPerMinute: number) {
  return async ({ principal }: Caller, _request: express.Request, response: express.Response, next: express.NextFunction): Promise<void> => {
    if (!principal) return next();
    const perMinute = principal.rateLimitPerMinute ?? defaultPerMinute;
    let decision;
    try {
      decision = await limiter.take(principal.apiKeyId, perMinute);
    } catch {
      return next();
    }
    response.locals.rateCounted = principal;
    if (decision.allowed) return next();
    response
      .status(429)
      .set('retry-after', String(decision.retryAfterSeconds))
      .json({ errors: [{ message: rateLimitedMessage(perMinute, decision.retryAfterSeconds), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds } }] });
  };
}

const BEARER = /^Bearer\s+(\S+)$/i;

function rateLimitedMessage(perMinute: number, retryAfterSeconds: number): string {
  return `This API key has sent its ${perMinute} requests of the minute; retry in ${retryAfterSeconds} s, or ask for a key with a higher --rate.`;
}

/** RATE_LIMITED with HTTP 429 and Retry-After once a key has sent its requests of the minute. */
async function enforceRate(limiter: KeyRateLimiter, principal: Principal, defaultPerMinute: number): Promise<void> {
  const perMinute = principal.rateLimitPerMinute ?? defaultPerMinute;
  const decision = await limiter.take(principal.apiKeyId, perMinute);
  if (decision.allowed) return;
  throw refusal(rateLimitedMessage(perMinute, decision.retryAfterSeconds), {
    code: 'RATE_LIMITED',
    retryAfterSeconds: decision.retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(decision.retryAfterSeconds)]]) },
  });
}

async function authenticate(services: HubServices, header: string | undefined) {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  let principal;
  try {
    principal = match ? await services.apiKeys.authenticate(match[1]) : null;
  } catch (error) {
    // Keys live in the database: while it is away, say so (503) rather than fail the request as 500.
    throw unavailableGraphQLError(error) ?? error;
  }
  if (!principal) {
    throw new GraphQLError(match ? 'The API key is unknown or revoked.' : 'Send an API key as `Authorization: Bearer <key>`; `hub apikey create` makes one.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return principal;
}

/** Answers body-parser failures (too large, broken JSON) in GraphQL's error shape with a stable code. */
function bodyErrorHandler(maxBodyBytes: number): ErrorRequestHandler {
  return (error, _request, response, next) => {
    if (error?.type === 'entity.too.large') {
      response.status(413).json({ errors: [{ message: `Request body exceeds ${maxBodyBytes} bytes; send fewer records per request.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (error?.type === 'entity.parse.failed') {
      response.status(400).json({ errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next(error);
  };
}
