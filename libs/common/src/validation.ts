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
 *
 * An empty query string (the common case: every query field is optional) is validated once per query DTO: its valid
 * answer (the DTO with its defaults) is kept and each later empty query gets a copy of it, since a query DTO's flat,
 * declarative validators depend on the value alone. Answers with nested objects are not kept; invalid answers (a
 * required query field) are never kept, so they are validated, and rejected, every time.
 */
export class AppValidationPipe extends ValidationPipe {
  private readonly emptyQueryAnswers = new Map<unknown, object>();

  // `any`: a value for the parameters answered at once, the inherited promise for the others (Nest awaits either).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override transform(value: unknown, metadata: ArgumentMetadata): any {
    if (!this.expectedType && (!metadata.metatype || !this.toValidate(metadata))) {
      return this.isTransformEnabled ? this.transformPrimitive(value, metadata) : value;
    }
    if (metadata.type === 'query' && this.isTransformEnabled && !this.expectedType && isEmptyObject(value)) {
      const known = this.emptyQueryAnswers.get(metadata.metatype);
      if (known) return copyOf(known);
      return super.transform(value, metadata).then((answer: unknown) => {
        if (isFlatObject(answer)) this.emptyQueryAnswers.set(metadata.metatype, copyOf(answer));
        return answer;
      });
    }
    return super.transform(value, metadata);
  }
}

function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

function isFlatObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && Object.values(value).every((v) => v === null || typeof v !== 'object');
}

/** A new instance of the same class with the same own fields. */
function copyOf<T extends object>(value: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value);
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe(validationOptions);
}
