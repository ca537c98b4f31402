import fs from 'node:fs';
import helmet from 'helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import type { BlobStore } from './blobs/blob-store.js';
import type { Config } from './config/config.js';
import type { Db } from './db/create-db.js';
import { registerErrorHandling } from './http/error-handler.js';
import { registerHealthRoutes } from './http/routes/system/health.route.js';
import { registerPlatformRoutes } from './http/routes/system/platform.route.js';
import { Problem } from './http/schemas/problem.schema.js';
import type { TypedApp } from './http/types.js';
import { ids, type Ids, type RandomSource } from './lib/ids.js';
import type { SafeFetch } from './adapters/issuer-endpoint/safe-fetch.js';
import { schemaInfoRepository } from './repositories/schema-info.repository.js';
import cookie from '@fastify/cookie';
import type { AadhaarAdapter } from './adapters/aadhaar/aadhaar-adapter.js';
import type { SmsSender } from './adapters/sms/sms-sender.js';
import { createRepositories, type DomainDeps } from './domain/context.js';
import { digilockerProtocol } from './compat/digilocker/issuer-protocol.js';
import type { Clock } from './lib/clock.js';
import { registerSignInRoutes } from './http/routes/auth/sign-in.route.js';
import { registerSignOutRoutes } from './http/routes/auth/sign-out.route.js';
import { registerSignUpRoutes } from './http/routes/auth/sign-up.route.js';
import { registerOtpRoutes } from './http/routes/auth/otp.route.js';
import { registerForgotPinRoutes } from './http/routes/auth/forgot-pin.route.js';
import { registerNotificationRoutes } from './http/routes/me/notifications.route.js';
import { registerActivityRoutes } from './http/routes/me/activity.route.js';
import { registerAadhaarRoutes } from './http/routes/me/aadhaar.route.js';
import { registerProfileRoutes } from './http/routes/me/profile.route.js';
import { registerSecurityRoutes } from './http/routes/me/security.route.js';
import { registerSessionRoutes } from './http/routes/me/sessions.route.js';
import { registerDevToolRoutes } from './http/routes/dev/dev-tools.route.js';
import { RESIDENT_SCHEMAS } from './http/schemas/residents.schema.js';
import { DIRECTORY_SCHEMAS } from './http/schemas/directory.schema.js';
import { registerIssuerDirectoryRoutes } from './http/routes/directory/issuers.route.js';
import { registerStaffRoutes } from './http/routes/directory/staff.route.js';
import { registerStaffTotpRoutes } from './http/routes/directory/staff-totp.route.js';
import { registerIssuerDocumentRoutes } from './http/routes/documents/issuer-documents.route.js';
import { registerResidentDocumentRoutes } from './http/routes/documents/resident-documents.route.js';
import { registerVerifyRoutes } from './http/routes/documents/verify.route.js';
import { registerStatusListRoutes } from './http/routes/documents/status-list.route.js';
import { registerPkiRoutes } from './http/routes/pki/pki.route.js';
import { registerPushUriRoutes } from './compat/digilocker/routes/push-uri.route.js';
import { BULK_SCHEMAS, registerBulkJobRoutes } from './http/routes/documents/bulk-jobs.route.js';
import { registerStatusJobRoutes } from './http/routes/documents/status-jobs.route.js';
import { startBulkWorker } from './domain/bulk/bulk-worker.js';
import { API_PREFIXES, inlineScriptSources, registerWebPortal } from './http/web-portal.js';
import { registerMyShareRoutes } from './http/routes/shares/my-shares.route.js';
import { registerPublicShareRoutes } from './http/routes/shares/public-shares.route.js';
import { registerDriveRoutes } from './http/routes/uploads/register-drive.js';
import { UPLOAD_SCHEMAS } from './http/routes/uploads/uploads.schema.js';
import { registerRequesterRoutes } from './http/routes/requesters/requesters.route.js';
import { registerConsentRoutes } from './http/routes/consents/consents.route.js';
import { registerOauthRoutes } from './compat/digilocker/routes/oauth.route.js';
import { registerPartnerResourceRoutes } from './compat/digilocker/routes/partner-resources.route.js';
import { registerPartnerPullRoutes } from './compat/digilocker/routes/partner-pull.route.js';
import { registerPartnerSignupRoutes } from './compat/digilocker/routes/partner-signup.route.js';
import { registerPartnerPushUriRoutes } from './compat/digilocker/routes/partner-pushuri.route.js';
import { registerPartnerUploadRoutes } from './compat/digilocker/routes/partner-upload.route.js';
import type { MasterKey } from './crypto/master-key.js';
import type { SigningPool } from './crypto/signing-pool.js';
import { secretHasher } from './crypto/secrets.js';
import { createVerificationTally } from './domain/statistics/verification-tally.js';
import { countBulkJobsWith, httpDuration, httpRequests, statusClass } from './metrics/metrics.js';
import { registerMetricsRoute } from './http/routes/system/metrics.route.js';
import { registerStatisticsRoutes } from './http/routes/operator/statistics.route.js';
import { lazySchemaCompilers, type LazySchemaCompilers } from './http/lazy-schema-compilers.js';

export interface AppDeps {
  config: Readonly<Config>;
  db: Db;
  blobs: BlobStore;
  logger: Logger;
  masterKey: MasterKey;
  sms: SmsSender;
  aadhaar: AadhaarAdapter;
  clock: Clock;
  ids: Ids;
  random: RandomSource;
  /** Replaces the SSRF-safe client for issuers' endpoints (tests). */
  issuerFetch?: SafeFetch | undefined;
  signingPool: SigningPool;
}

export function createDomainDeps(deps: AppDeps): DomainDeps {
  const kysely = deps.db.kysely;
  return {
    db: kysely,
    repos: createRepositories(kysely, deps.db.batchWriter),
    blobs: deps.blobs,
    masterKey: deps.masterKey,
    clock: deps.clock,
    ids: deps.ids,
    random: deps.random,
    signingPool: deps.signingPool,
    sms: deps.sms,
    aadhaar: deps.aadhaar,
    sessions: deps.config.session,
    secrets: secretHasher(deps.config.secretHashCost),
    publicUrl: deps.config.publicUrl,
    issuerProtocol: digilockerProtocol({
      endpointAllowList: deps.config.issuerEndpointAllowList,
      endpointTimeoutMs: deps.config.issuerEndpointTimeoutMs,
      ...(deps.issuerFetch ? { fetch: deps.issuerFetch } : {}),
    }),
    transaction: (fn) => kysely.transaction().execute((trx) => fn(createRepositories(trx))),
    oneWriterAtATime: deps.db.dialect === 'sqlite',
  };
}

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Builds the whole HTTP application without listening, so tests can `inject` into it. */
/** Browser features no Tijori page uses, switched off for every answer (clipboard writes stay allowed). */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=()';
/** The portal's own pages may ask for the camera (the verify page's QR scanner); no other origin and no API answer may. */
const PAGE_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace('camera=()', 'camera=(self)');

/** `onRoute` sees every route as it is registered (the OpenAPI drift test lists them). */
export async function buildApp(
  deps: AppDeps,
  options: {
    onRoute?: (route: RouteOptions) => void;
    /** The routes' schema compilers (compiled on first use); pass one to `compileAll()` later. */
    schemaCompilers?: LazySchemaCompilers;
  } = {},
): Promise<TypedApp> {
  const { config } = deps;
  const schemas = options.schemaCompilers ?? lazySchemaCompilers();
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: typeof config.trustProxy === 'number' ? hopCount(config.trustProxy) : config.trustProxy,
    // A caller's (or the load balancer's) request id is kept when it is sane; otherwise ours.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : ids.uuid();
    },
    // One access line per request (onResponse below) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
    schemaController: { compilersFactory: schemas.compilersFactory },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // While shutting down, answers to in-flight requests close their keep-alive connection,
  // so the server can finish as soon as the last one is sent.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template ("/api/v1/me/documents/:uri"), never the URL: no personal data in labels.
    const labels = { route: request.routeOptions.url ?? 'unmatched', method: request.method, status_class: statusClass(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
    const quiet = reply.statusCode < 400 && (request.url === '/healthz' || request.url === '/readyz');
    if (!quiet) request.log.info({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  // Security headers, from helmet's middleware built once (@fastify/helmet rebuilds it, parsing
  // the CSP again, on every request: measured as 3% of a verification's CPU time).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", ...inlineScriptSources()],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Upgrading to https would break a portal served over plain http on a LAN address.
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('permissions-policy', API_PREFIXES.some((p) => request.url.startsWith(p)) ? PERMISSIONS_POLICY : PAGE_PERMISSIONS_POLICY);
    // API answers are personal or change often: none is stored by a browser or proxy unless
    // its route says so (public keys, the directory).
    if (request.url.startsWith('/api/') || request.url.startsWith('/public/')) reply.header('cache-control', 'no-store');
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });

  await app.register(cookie);
  app.addSchema(Problem);
  for (const schema of [...RESIDENT_SCHEMAS, ...DIRECTORY_SCHEMAS, ...BULK_SCHEMAS, ...UPLOAD_SCHEMAS]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tijori API',
        version: VERSION,
        description:
          'The native Tijori API (`/api/v1`, errors as `application/problem+json` with a stable `code`) and the DigiLocker-compatible surface (`/public`, errors as `{error, error_description}`).',
        license: { name: 'AGPL-3.0-or-later' },
      },
      tags: [
        { name: 'auth', description: 'Sign-up, sign-in and OTPs' },
        { name: 'me', description: "The signed-in resident's own account, sessions and activity" },
        { name: 'documents', description: "The signed-in resident's issued documents and pulling more" },
        { name: 'uploads', description: "The signed-in resident's own drive: uploaded files, folders, bin" },
        { name: 'verification', description: 'Public verification of any document' },
        { name: 'shares', description: 'Share links a resident controls, and the receiver’s side (no account)' },
        { name: 'directory', description: 'Issuers, document types, keys (public reads; operator writes)' },
        { name: 'issuance', description: 'Issuers push, update, revoke documents and host records' },
        { name: 'console', description: 'Sign-in for operators and issuer staff' },
        {
          name: 'compat',
          description: 'DigiLocker-compatible protocols (XML push, keyhash/HMAC); errors as {error, error_description} or the protocol’s own XML',
        },
        { name: 'system', description: 'Health, readiness and platform information' },
        { name: 'requesters', description: 'The requester directory (operators): register, suspend, rotate secrets' },
        { name: 'consents', description: "The resident's consent screen and granted consents" },
        {
          name: 'partner',
          description: 'DigiLocker partner API: OAuth 2.0 + PKCE, OpenID Connect, resources under a consent; errors as {error, error_description}',
        },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (header) => header });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const spaFallback = await registerWebPortal(app);
  registerErrorHandling(app, spaFallback);
  registerHealthRoutes(app, deps);
  registerPlatformRoutes(app, { schemaInfo: schemaInfoRepository(deps.db.kysely), version: VERSION });

  const domainDeps = createDomainDeps(deps);
  const verificationTally = createVerificationTally(domainDeps.repos.stats, deps.clock, (err) =>
    deps.logger.warn({ err }, 'verification statistics could not be written; they are lost'),
  );
  const routeContext = { deps: { ...domainDeps, verificationTally }, config };
  registerMetricsRoute(app, config);
  registerStatisticsRoutes(app, routeContext);
  // This process's bulk-issuance worker lives as long as the app.
  let worker: ReturnType<typeof startBulkWorker> | undefined;
  app.addHook('onReady', async () => {
    worker = startBulkWorker(routeContext.deps, deps.logger, { leaseMs: config.bulkLeaseMs });
    countBulkJobsWith(async () => {
      const counts = await domainDeps.repos.stats.bulkJobCounts();
      return {
        queued: counts.queued,
        running: counts.running,
        oldestQueuedSeconds: counts.oldestQueuedAt === null ? 0 : Math.max(0, (deps.clock.now() - counts.oldestQueuedAt) / 1000),
      };
    });
  });
  app.addHook('onClose', async () => {
    await worker?.stop();
    countBulkJobsWith(undefined);
    await verificationTally.flush();
  });
  registerBulkJobRoutes(app, routeContext, () => worker?.kick());
  registerStatusJobRoutes(app, routeContext, () => worker?.kick());
  const uploadDeps = registerDriveRoutes(app, routeContext, deps.logger);
  registerPartnerUploadRoutes(app, routeContext, uploadDeps);
  for (const register of [
    registerSignUpRoutes,
    registerSignInRoutes,
    registerSignOutRoutes,
    registerOtpRoutes,
    registerForgotPinRoutes,
    registerProfileRoutes,
    registerSessionRoutes,
    registerAadhaarRoutes,
    registerSecurityRoutes,
    registerActivityRoutes,
    registerNotificationRoutes,
    registerResidentDocumentRoutes,
    registerVerifyRoutes,
    registerStatusListRoutes,
    registerPkiRoutes,
    registerIssuerDirectoryRoutes,
    registerStaffRoutes,
    registerStaffTotpRoutes,
    registerIssuerDocumentRoutes,
    registerPushUriRoutes,
    registerDevToolRoutes,
    registerMyShareRoutes,
    registerPublicShareRoutes,
    registerRequesterRoutes,
    registerConsentRoutes,
    registerOauthRoutes,
    registerPartnerResourceRoutes,
    registerPartnerPullRoutes,
    registerPartnerSignupRoutes,
    registerPartnerPushUriRoutes,
  ]) {
    register(app, routeContext);
  }

  return app;
}

/** Trust the nearest `hops` proxies (Fastify's types take this as a function). */
function hopCount(hops: number) {
  return (_address: string, index: number) => index < hops;
}
