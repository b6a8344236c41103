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
 * An empty query string or an empty JSON object body (`{}`: the common case where every field is optional, such as a
 * join in the default mode) is validated once per DTO: its valid answer (the DTO with its defaults) is kept and each
 * later empty one gets a copy of it, since a DTO's declarative validators depend on the value alone. Answers with
 * nested objects are not kept; invalid answers (a required field) are never kept, so they are validated, and
 * rejected, every time. Anything else that is empty (an array, a string) is validated as before.
 */
export class AppValidationPipe extends ValidationPipe {
  private readonly emptyQueryAnswers = new Map<unknown, object>();
  private readonly emptyBodyAnswers = new Map<unknown, object>();

  // `any`: a value for the parameters answered at once, the inherited promise for the others (Nest awaits either).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override transform(value: unknown, metadata: ArgumentMetadata): any {
    if (!this.expectedType && (!metadata.metatype || !this.toValidate(metadata))) {
      return this.isTransformEnabled ? this.transformPrimitive(value, metadata) : value;
    }
    if ((metadata.type === 'query' || metadata.type === 'body') && this.isTransformEnabled && !this.expectedType && isEmptyPlainObject(value)) {
      const answers = metadata.type === 'query' ? this.emptyQueryAnswers : this.emptyBodyAnswers;
      const known = answers.get(metadata.metatype);
      if (known) return copyOf(known);
      return super.transform(value, metadata).then((answer: unknown) => {
        if (isFlatObject(answer)) answers.set(metadata.metatype, copyOf(answer));
        return answer;
      });
    }
    return super.transform(value, metadata);
  }
}

/** `{}` as JSON.parse or the query-string parser makes it: a plain (or null-prototype) object without own keys. */
function isEmptyPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
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
