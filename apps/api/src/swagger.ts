import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const BEARER = 'bearer';
export const SERVER_KEY = 'server-key';

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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
