import { pullParameters, requesterPullDocument } from '../../../domain/consents/requester-pull.js';
import { authenticateMetaCall } from '../../../domain/requesters/meta-auth.js';
import { AppError } from '../../../lib/errors.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';
import { formBodies, stringFields } from './form-body.js';
import { bearer } from './partner-resources.route.js';

/** The form fields of pulldocument that are not the issuer's parameters. */
const OWN_FIELDS = new Set(['orgid', 'doctype', 'consent']);
const MAX_PARAMETERS = 10;

/** `pull/parameters` (HMAC meta call) and `pull/pulldocument` (Bearer token, scope pull). */
export function registerPartnerPullRoutes(app: TypedApp, { deps }: RouteContext): void {
  void app.register(async (scope) => {
    formBodies(scope);
    const consumes = ['application/x-www-form-urlencoded', 'application/json'];
    scope.post(
      '/public/oauth2/1/pull/parameters',
      { schema: { tags: ['partner'], summary: 'What to send to pull a document type (client id + ts + HMAC)', consumes } },
      async (request) => {
        const body = stringFields(request.body);
        await authenticateMetaCall(deps, body);
        if (!body.orgid || !body.doctype) throw new AppError('parameter_missing', 'orgid and doctype are required.');
        return pullParameters(deps, body.orgid, body.doctype);
      },
    );

    scope.post(
      '/public/oauth2/1/pull/pulldocument',
      {
        schema: {
          tags: ['partner'],
          summary: 'Pull a document from an issuer into the resident’s locker (Bearer token, scope pull)',
          description:
            'Form fields `orgid`, `doctype`, `consent=Y` and the issuer’s parameters (see pull/parameters). Answers `{uri}`; the new document joins the consent. 202 `pull_response_pending` when the issuer answers later.',
          consumes,
        },
      },
      async (request, reply) => {
        const access = await bearer(deps, request);
        const body = stringFields(request.body);
        if (!body.orgid || !body.doctype || !body.consent) throw new AppError('parameter_missing', 'orgid, doctype and consent are required.');
        if (body.consent !== 'Y') throw new AppError('invalid_parameter', 'consent must be Y: the resident’s consent to fetch the document.');
        const parameters = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => !OWN_FIELDS.has(e[0]) && e[1] !== undefined));
        if (Object.keys(parameters).length > MAX_PARAMETERS) throw new AppError('invalid_parameter', `At most ${MAX_PARAMETERS} parameters.`);
        const outcome = await requesterPullDocument(deps, access, { orgId: body.orgid, docType: body.doctype, consent: true, parameters });
        if (outcome.status === 'pending') {
          return reply
            .status(202)
            .header('cache-control', 'no-store')
            .send({ error: 'pull_response_pending', error_description: 'The issuer will answer later; the document will appear in the resident’s locker.' });
        }
        return reply.header('cache-control', 'no-store').send({ uri: outcome.uri });
      },
    );
  });
}
