import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IS_PUBLIC, Role, ROLES } from '@libs/common';
import type { AppConfig } from '@libs/config';
import { BEARER, finishDocument, Json, RouteAccess, SERVER_KEY } from './openapi/document';

export { BEARER, SERVER_KEY } from './openapi/document';

const TAGS: Array<[string, string]> = [
  ['auth', 'Player accounts: register, log in, refresh and revoke tokens, read the signed-in profile.'],
  ['queue', 'Skill-based matchmaking: list the modes, join one, watch the status, leave; accept or decline a found match where the mode holds a ready-check. A match creates a session.'],
  ['parties', 'Parties: friends who queue together as one ticket and always play on the same team.'],
  ['sessions', 'Game sessions: state, status transitions and history; game servers drive them with X-Server-Key. A session a player creates invites the others, who accept or decline.'],
  ['ratings', 'Match results (1v1 outcome or team placements), ratings and history per rating pool, leaderboards per season, closing a season.'],
  ['events', 'Real-time events over Server-Sent Events: matches found, session changes, rating changes.'],
  ['health', 'Liveness and readiness probes for orchestrators (no credentials).'],
];

/** Builds the published OpenAPI document (also what `npm run client:generate` reads). */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Game Session Manager')
    .setDescription(
      'Player accounts, skill-based matchmaking, game sessions and ratings over REST.\n\n' +
        '**Players**: call `POST /api/v1/auth/login`, press **Authorize** and paste the `access_token` into `bearer`. ' +
        '**Game servers**: paste the deployment\'s `GAME_SERVER_KEY` into `server-key`; every call then acts as the game ' +
        'server (server-authoritative session changes and results).\n\n' +
        'Every error has the shape `{ statusCode, error, message, trace_id }`; every response carries `X-Request-ID`.',
    )
    .setVersion('1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A player\'s `access_token` from `POST /api/v1/auth/login` or `/refresh` (paste the token alone, without "Bearer").',
      },
      BEARER,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Server-Key',
        description:
          'The deployment\'s `GAME_SERVER_KEY`, for game servers only: a call with this key acts as the game server ' +
          '(role `server`), not as a player, and overrides any Bearer token.',
      },
      SERVER_KEY,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const generated = SwaggerModule.createDocument(app, builder.build(), {
    // Client generators turn operation ids into method names; controllers name theirs in @ApiOperation.
    operationIdFactory: (controllerKey, methodKey) => `${lowerFirst(controllerKey.replace(/Controller$/, ''))}${upperFirst(methodKey)}`,
  });
  return finishDocument(generated as unknown as Json, { serverUrl: config.http.publicUrl, routes: routeAccess(app) }) as unknown as OpenAPIObject;
}

/** Where Swagger UI is served (its assets below it, the OpenAPI document beside it: `/docs-json`, `/docs-yaml`). */
export const DOCS_PATH = 'docs';

/** Swagger UI at /docs and the OpenAPI document at /docs-json, with both credential kinds wired. */
export function setupSwagger(app: INestApplication, config: AppConfig): OpenAPIObject {
  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
  return document;
}

/** Reads, per route, what the global auth guard enforces (`@Public()`, `@Roles()`), so the document cannot disagree. */
function routeAccess(app: INestApplication): RouteAccess[] {
  const routes: RouteAccess[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller)].flat()[0] ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const subPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (subPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const roles = (Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, controller)) as Role[] | undefined;
        const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller));
        for (const sub of [subPath].flat() as string[]) {
          routes.push({ method, path: openApiPath(base, sub), isPublic, roles: roles ?? ['player', 'server'] });
        }
      }
    }
  }
  return routes;
}

function openApiPath(base: string, sub: string): string {
  const joined = `/${[base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
