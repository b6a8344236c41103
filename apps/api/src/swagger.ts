import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const BEARER = 'bearer';
export const SERVER_KEY = 'server-key';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'trace_id'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', example: 'Conflict' },
    message: { type: 'string', example: 'Player 665f1c2b9d3e4a0012345678 is already in an unfinished session' },
    trace_id: { type: 'string', nullable: true, example: '4bf92f3577b34da6a3ce929d0e0e4736' },
  },
};

/** Every 4xx/5xx response in the document uses the one error shape the exception filter produces. */
function documentErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorResponse: ERROR_SCHEMA } };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { responses?: Record<string, { description?: string; content?: unknown }> }[]) {
      if (!operation?.responses) continue;
      operation.responses['500'] ??= { description: 'Unexpected error (never carries internals)' };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !response.content) {
          response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
        }
      }
    }
  }
  return document;
}

/** Swagger UI at /docs and the OpenAPI document at /docs-json, with both credential kinds wired. */
export function setupSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Game Session Manager')
      .setDescription(
        'Player accounts, skill-based matchmaking, game sessions and Elo ratings. ' +
          'Log in with `POST /api/v1/auth/login`, then press **Authorize** and paste the `access_token`. ' +
          'Game servers authenticate with the `X-Server-Key` header instead. Every error has the shape ' +
          '`{ statusCode, error, message, trace_id }`; every response carries `X-Request-ID`.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Server-Key' }, SERVER_KEY)
      .build(),
  );
  SwaggerModule.setup('docs', app, documentErrors(document), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
