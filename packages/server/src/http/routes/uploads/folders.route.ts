import { Type } from 'typebox';
import { createFolder, deleteFolder, listFolders, updateFolder } from '../../../domain/uploads/folders.js';
import type { UploadDeps } from '../../../domain/uploads/upload-deps.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { Folder, Id, NameText } from './uploads.schema.js';

const FolderRef = refTo(Folder);
const Params = Type.Object({ id: Id });

export function registerFolderRoutes(app: TypedApp, { config }: RouteContext, deps: UploadDeps): void {
  app.get(
    '/api/v1/me/folders',
    {
      schema: {
        tags: ['uploads'],
        summary: 'All your folders, each with its path from the top level',
        response: {
          200: Type.Object({ folders: Type.Array(Type.Intersect([FolderRef, Type.Object({ path: Type.Array(Type.String()) })])) }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => ({ folders: await listFolders(deps, (await requireResident(deps, config, request)).actor) }),
  );

  app.post(
    '/api/v1/me/folders',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Create a folder (at the top level or inside another)',
        body: Type.Object({ name: NameText, parentId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false }),
        response: { 201: FolderRef, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createFolder(deps, (await requireResident(deps, config, request)).actor, request.body)),
  );

  app.patch(
    '/api/v1/me/folders/:id',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Rename or move a folder (not into itself or its own sub-folders)',
        params: Params,
        body: Type.Object({ name: Type.Optional(NameText), parentId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false }),
        response: { 200: FolderRef, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateFolder(deps, (await requireResident(deps, config, request)).actor, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/me/folders/:id',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Delete a folder and its sub-folders; their files go to the bin',
        params: Params,
        response: { 200: Type.Object({ binnedFiles: Type.Integer() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deleteFolder(deps, (await requireResident(deps, config, request)).actor, request.params.id, requestContext(request)),
  );
}
