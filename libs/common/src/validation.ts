import { BadRequestException, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';

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

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(validationOptions);
}
