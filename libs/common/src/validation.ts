import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      // class-validator names the leaf property only; show the full path for nested fields.
      parent && text.startsWith(error.property) ? `${path}${text.slice(error.property.length)}` : text,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The one set of validation options: strip nothing silently, reject unknown fields, coerce only declared types. */
export const validationOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new BadRequestException(flatten(errors).join('; ') || 'Invalid request'),
};

/**
 * ValidationPipe, answering at once for the parameters it does not validate (a custom decorator's value, a path or
 * query string): Nest applies the global pipe to every parameter of every route, and the inherited `transform` is
 * async even when it hands the value back. Same answers (the inherited code for those parameters, without its promise);
 * DTOs are validated by the inherited `transform`.
 */
export class AppValidationPipe extends ValidationPipe {
  // `any`: a value for the parameters answered at once, the inherited promise for the others (Nest awaits either).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override transform(value: unknown, metadata: ArgumentMetadata): any {
    if (!this.expectedType && (!metadata.metatype || !this.toValidate(metadata))) {
      return this.isTransformEnabled ? this.transformPrimitive(value, metadata) : value;
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe(validationOptions);
}
