import { Type } from 'typebox';
import { MAX_GRANTED } from '../../../domain/consents/consent-uploads.js';
import {
  confirmConsentRequest,
  consentRequestSignInHint,
  denyConsentRequest,
  verifyConsentRequest,
  viewConsentRequest,
} from '../../../domain/consents/consent-requests.js';
import { listConsents, withdrawConsent } from '../../../domain/consents/resident-consents.js';
import { exportConsents } from '../../../domain/consents/export-consents.js';
import { DocumentUri } from '../../schemas/directory.schema.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, ChallengeView, Otp, Pin } from '../../schemas/residents.schema.js';
import { requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const RequestParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{22,64}$' }) });
const Redirect = Type.Object({ redirectTo: Type.String() });
const Uuid = Type.String({ format: 'uuid' });
const DriveGrant = Type.Object(
  {
    files: Type.Array(Uuid, { maxItems: MAX_GRANTED, uniqueItems: true }),
    folders: Type.Array(Uuid, { maxItems: MAX_GRANTED, uniqueItems: true }),
  },
  {
    additionalProperties: false,
    description:
      'The drive files and folders to share (a folder with everything in it). Absent: the whole drive, when files.uploadeddocs is asked. Files also for a document type asked for (req_doctype) that you lack.',
  },
);
const DriveChoices = Type.Object({
  folders: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]) })),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      folderId: Type.Union([Type.String(), Type.Null()]),
      mediaType: Type.String(),
      sizeBytes: Type.Integer(),
    }),
  ),
});
const GrantedDriveItem = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('folder'), Type.Literal('file')], { description: 'A folder shares everything in it, files added later too' }),
  name: Type.Union([Type.String(), Type.Null()], { description: 'Its name now; null once it is deleted for good' }),
  grantedAt: Type.String({ description: 'When it was shared: with the consent, or later (a file the requester put at its top)' }),
});
const RequesterInfo = Type.Object({ name: Type.String(), clientId: Type.String(), purpose: Type.String() });
const RequestingRequester = Type.Object({
  ...RequesterInfo.properties,
  logoUrl: Type.Union([Type.String(), Type.Null()], { description: 'Its logo (a path on this server), or null without one' }),
});

/** The resident's side of consent: the consent screen's data and answers, and the Consents section. */
export function registerConsentRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/consent-requests/:id',
    {
      schema: {
        tags: ['consents'],
        summary: 'What a requester asks for: who, why, which profile fields and documents, until when',
        params: RequestParams,
        response: {
          200: Type.Object({
            requestId: Type.String(),
            requester: RequestingRequester,
            redirectHost: Type.String(),
            scopes: Type.Array(Type.String()),
            profileFields: Type.Array(Type.String()),
            documents: Type.Array(
              Type.Object({
                uri: Type.String(),
                name: Type.String(),
                docType: Type.String(),
                issuer: Type.Object({ orgId: Type.String(), name: Type.String() }),
                issuedOn: Type.String(),
              }),
            ),
            drive: Type.Union([DriveChoices, Type.Null()], { description: 'With files.uploadeddocs: the folders and clean files you may pick' }),
            missingDocTypes: Type.Array(Type.Object({ docType: Type.String(), name: Type.String() }), {
              description: 'Document types the requester named (req_doctype) that you lack: upload a copy to share it',
            }),
            forMobile: Type.Union([Type.String(), Type.Null()], { description: 'The masked mobile a trusted requester named; null when none' }),
            validUntil: Type.String(),
            expiresAt: Type.String(),
          }),
          ...errorResponses(400, 401, 403, 404, 410),
        },
      },
    },
    async (request) => {
      const { actor, resident } = await requireResident(deps, config, request);
      return viewConsentRequest(deps, actor, request.params.id, resident.language);
    },
  );
  app.get(
    '/api/v1/consent-requests/:id/sign-in',
    {
      schema: {
        tags: ['consents'],
        summary: 'Before sign-in: the mobile a trusted requester named (verified_mobile), to which sign-in is fixed; null otherwise',
        params: RequestParams,
        response: { 200: Type.Object({ mobile: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400) },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await consentRequestSignInHint(deps, request.params.id)),
  );
  app.post(
    '/api/v1/consent-requests/:id/confirm',
    {
      schema: {
        tags: ['consents'],
        summary: 'Consent, step 1: the chosen documents and the PIN; an OTP for this consent goes to the mobile',
        params: RequestParams,
        body: Type.Object(
          { pin: Pin, documents: Type.Array(DocumentUri, { maxItems: 100 }), uploads: Type.Optional(DriveGrant) },
          { additionalProperties: false },
        ),
        response: { 202: refTo(ChallengeView), ...errorResponses(400, 401, 403, 404, 410, 429, 502) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await confirmConsentRequest(deps, (await requireResident(deps, config, request)).actor, request.params.id, request.body, requestContext(request)),
        ),
  );
  app.post(
    '/api/v1/consent-requests/:id/verify',
    {
      schema: {
        tags: ['consents'],
        summary: 'Consent, step 2: the consent OTP; answers where to send the resident back (with the code)',
        params: RequestParams,
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 200: Redirect, ...errorResponses(400, 401, 403, 404, 409, 410, 429) },
      },
    },
    async (request) =>
      verifyConsentRequest(deps, (await requireResident(deps, config, request)).actor, request.params.id, request.body, requestContext(request)),
  );
  app.post(
    '/api/v1/consent-requests/:id/deny',
    {
      schema: {
        tags: ['consents'],
        summary: 'Refuse: the requester is told access_denied',
        params: RequestParams,
        response: { 200: Redirect, ...errorResponses(400, 401, 403, 404, 410) },
      },
    },
    async (request) => denyConsentRequest(deps, (await requireResident(deps, config, request)).actor, request.params.id),
  );

  app.get(
    '/api/v1/me/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Every consent you have granted: to whom, for what, until when, last used, how often',
        response: {
          200: Type.Object({
            consents: Type.Array(
              Type.Object({
                id: Type.String(),
                requester: RequesterInfo,
                scopes: Type.Array(Type.String()),
                documents: Type.Array(Type.String()),
                drive: Type.Union([Type.Literal('whole'), Type.Literal('picked'), Type.Literal('none')], {
                  description: 'The drive part: every folder and file (later ones too), only driveItems, or nothing of the drive',
                }),
                driveItems: Type.Array(GrantedDriveItem),
                grantedAt: Type.String(),
                validUntil: Type.String(),
                status: Type.Union([Type.Literal('active'), Type.Literal('withdrawn'), Type.Literal('expired')]),
                withdrawnAt: Type.Union([Type.String(), Type.Null()]),
                lastUsedAt: Type.Union([Type.String(), Type.Null()]),
                accessCount: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const { actor, resident } = await requireResident(deps, config, request);
      return { consents: await listConsents(deps, actor, resident.language) };
    },
  );
  app.get(
    '/api/v1/me/consents/export',
    {
      schema: {
        tags: ['consents'],
        summary: 'Your consent records as a JSON file: every consent with its grant, withdrawal and every access',
        response: {
          200: Type.Object({
            exportedAt: Type.String(),
            digilockerid: Type.String(),
            activityHead: Type.Union([Type.String(), Type.Null()]),
            consents: Type.Array(Type.Unknown()),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const body = await exportConsents(deps, actor);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="tijori-consents-${body.exportedAt.slice(0, 10)}.json"`)
        .send(body);
    },
  );
  app.delete(
    '/api/v1/me/consents/:id',
    {
      schema: {
        tags: ['consents'],
        summary: 'Withdraw a consent: every token of it stops working at once',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await withdrawConsent(deps, (await requireResident(deps, config, request)).actor, request.params.id, requestContext(request));
      return reply.status(204).send(null);
    },
  );
}
