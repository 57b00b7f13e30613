// A local AWS AppSync: the GraphQL endpoint (POST /graphql) and the real-time endpoint (/graphql/realtime)
// behaving as AppSync does, so AWS's own AppSync clients connect unchanged. See DESIGN.md ("Local stack").
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator, type CognitoConfig, type IamConfig } from './auth.ts';
import type { DataSourceConfig } from './datasources.ts';
import { wireFor } from './dynamodb-wire.ts';
import { INTROSPECTION_DISABLED_STAGES, RESOLVER_COUNT_LIMIT } from '../../api.ts';
import { Engine } from './engine.ts';
import { createHttpHandler, GRAPHQL_PATH, MAX_REQUEST_BYTES } from './http.ts';
import { Realtime, REALTIME_PATH } from './realtime.ts';
import { ResolverExecutor, type CompiledResolver } from './runtime/executor.ts';
import { loadResolverCode } from './runtime/loader.ts';

export type { Principal } from '../aws/sigv4.ts';
export type { DataSourceConfig } from './datasources.ts';

export interface ResolverConfig {
  typeName: string;
  fieldName: string;
  /** ESM bundle text (dist/resolvers/*.js); for a pipeline resolver, its before/after handlers. */
  code: string;
  /** Unit resolvers: the data source. Ignored for pipeline resolvers. */
  dataSource: string;
  /** Makes this a pipeline resolver: the functions run in order between the resolver's handlers. */
  functions?: Array<{ code: string; dataSource: string; name?: string }>;
}

export interface LocalAppSyncOptions {
  /** schema.graphql text; the AppSync built-ins (infra/appsync-builtins.graphql) are prepended. */
  schemaSdl: string;
  resolvers: ResolverConfig[];
  dataSources: Record<string, DataSourceConfig>;
  auth: {
    /** Default mode. */
    cognito: CognitoConfig;
    /** Additional mode. */
    iam: IamConfig;
  };
  queryDepthLimit?: number;
  /** AppSync resolverCountLimit; default: infra/api.ts RESOLVER_COUNT_LIMIT (the CDK app sets the same). */
  resolverCountLimit?: number;
  /** Fields a document may select with its fragments expanded, refused before it runs (default 10,000). */
  selectionLimit?: number;
  /** Stage whose rules apply (introspection off in the stages INTROSPECTION_DISABLED_STAGES lists); default: env STAGE, else `dev`. */
  stage?: string;
  /** Overrides the stage's introspection rule. */
  introspection?: boolean;
  /** POST /graphql body limit in bytes (AppSync's request size limit by default). */
  maxRequestBytes?: number;
  /** Real-time `ka` interval (AppSync: 60000). */
  keepAliveMs?: number;
  log?: (line: string) => void;
}

export interface LocalAppSync {
  /** HTTP handler for POST /graphql; returns false when the request is not for it (the REST façade shares the port). */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** Attaches the real-time endpoint at /graphql/realtime to an existing http.Server. */
  attachRealtime(server: Server): void;
  /** Convenience for tests: own server on 127.0.0.1. */
  listen(port: number): Promise<{ url: string; realtimeUrl: string; port: number }>;
  close(): Promise<void>;
}

const BUILTINS = readFileSync(new URL('../../appsync-builtins.graphql', import.meta.url), 'utf8');

export function createLocalAppSync(opts: LocalAppSyncOptions): LocalAppSync {
  const log = opts.log ?? (() => {});
  const resolvers = new Map<string, CompiledResolver>();
  for (const r of opts.resolvers) {
    const key = `${r.typeName}.${r.fieldName}`;
    resolvers.set(key, {
      typeName: r.typeName,
      fieldName: r.fieldName,
      module: loadResolverCode(r.code, `${key}.js`, log),
      dataSource: r.functions ? undefined : r.dataSource,
      functions: r.functions?.map((f, i) => ({
        name: f.name ?? `function${i + 1}`,
        module: loadResolverCode(f.code, `${key}.${f.name ?? `function${i + 1}`}.js`, log),
        dataSource: f.dataSource,
      })),
    });
  }
  const executor = new ResolverExecutor(new Map(Object.entries(opts.dataSources)), log);
  const stage = opts.stage ?? process.env.STAGE ?? 'dev';
  const engine = new Engine(BUILTINS, opts.schemaSdl, resolvers, executor, {
    queryDepthLimit: opts.queryDepthLimit,
    resolverCountLimit: opts.resolverCountLimit ?? RESOLVER_COUNT_LIMIT,
    selectionLimit: opts.selectionLimit,
    introspection: opts.introspection ?? !INTROSPECTION_DISABLED_STAGES.includes(stage),
  }, log);
  const authenticator = new Authenticator(opts.auth.cognito, opts.auth.iam, log);
  const handleHttp = createHttpHandler(engine, authenticator, log, opts.maxRequestBytes ?? MAX_REQUEST_BYTES);
  const realtime = new Realtime(engine, authenticator, opts.keepAliveMs ?? 60_000, log);
  let own: Server | undefined;

  return {
    handleHttp,
    attachRealtime: (server) => realtime.attach(server),
    async listen(port) {
      if (own) throw new Error('already listening');
      const server = http.createServer((req, res) => {
        if (!handleHttp(req, res)) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ errorType: 'NotFound', message: 'Not found' }] }));
        }
      });
      realtime.attach(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      own = server;
      const actual = (server.address() as AddressInfo).port;
      return { url: `http://127.0.0.1:${actual}${GRAPHQL_PATH}`, realtimeUrl: `ws://127.0.0.1:${actual}${REALTIME_PATH}`, port: actual };
    },
    async close() {
      await realtime.close();
      // The DynamoDB data sources' keep-alive sockets (dynamodb-wire.ts); the clients are the caller's.
      for (const ds of Object.values(opts.dataSources)) if (ds.kind === 'DYNAMODB') (await wireFor(ds.client))?.destroy();
      if (own) {
        const server = own;
        own = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
