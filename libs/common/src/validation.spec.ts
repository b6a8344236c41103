import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { createValidationPipe, validationOptions } from './validation';

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsString()
  pool?: string = 'default';
}

class RequiredQuery {
  @IsString()
  name!: string;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype, data: undefined });
const emptyQuery = () => Object.create(null) as Record<string, string>;

describe('AppValidationPipe', () => {
  const nest = new ValidationPipe(validationOptions);

  async function outcome(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await pipe.transform(value, metadata);
    } catch (error) {
      return error instanceof BadRequestException ? { rejected: error.message } : Promise.reject(error);
    }
  }

  it('answers every empty query as Nest does (the DTO with its defaults), each time with a new instance', async () => {
    const pipe = createValidationPipe();
    const expected = await nest.transform(emptyQuery(), query(PageQuery));
    const first = await pipe.transform(emptyQuery(), query(PageQuery));
    const second = await pipe.transform(emptyQuery(), query(PageQuery));
    for (const answer of [first, second]) {
      expect(answer).toBeInstanceOf(PageQuery);
      expect({ ...answer }).toEqual({ ...expected });
      expect(answer.pool).toBe('default');
    }
    expect(second).not.toBe(first);
    // Validated once: later empty queries are answered at once, without a promise.
    expect(pipe.transform(emptyQuery(), query(PageQuery))).not.toBeInstanceOf(Promise);
    // A caller changing its copy does not change the next one.
    second.pool = 'changed';
    expect((await pipe.transform(emptyQuery(), query(PageQuery))).pool).toBe('default');
  });

  it('still validates non-empty queries, before and after an empty one', async () => {
    const pipe = createValidationPipe();
    await pipe.transform(emptyQuery(), query(PageQuery));
    for (const value of [{ limit: '5' }, { limit: '0' }, { limit: 'x' }, { unknown: '1' }, { pool: 'glicko', limit: '100' }]) {
      expect(await outcome(pipe, value, query(PageQuery))).toEqual(await outcome(nest, value, query(PageQuery)));
    }
    expect(await outcome(pipe, { limit: '0' }, query(PageQuery))).toEqual({ rejected: 'limit must not be less than 1' });
    expect(await outcome(pipe, { unknown: '1' }, query(PageQuery))).toEqual({ rejected: 'property unknown should not exist' });
  });

  it('rejects an empty query every time when the DTO requires a field', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) {
      expect(await outcome(pipe, emptyQuery(), query(RequiredQuery))).toEqual({ rejected: 'name must be a string' });
    }
  });

  it('answers an empty JSON body like an empty query: once validated, then copies; a required field rejects it every time', async () => {
    const pipe = createValidationPipe();
    const optional: ArgumentMetadata = { type: 'body', metatype: PageQuery, data: undefined };
    const expected = await nest.transform({}, optional);
    const first = await pipe.transform({}, optional);
    const second = pipe.transform({}, optional);
    expect(second).not.toBeInstanceOf(Promise);
    for (const answer of [first, second]) {
      expect(answer).toBeInstanceOf(PageQuery);
      expect({ ...answer }).toEqual({ ...expected });
    }
    expect(second).not.toBe(first);
    // The body kept for one DTO is not the query kept for it, nor another DTO's.
    expect(await outcome(pipe, { limit: 5 }, optional)).toEqual(await outcome(nest, { limit: 5 }, optional));

    const required: ArgumentMetadata = { type: 'body', metatype: RequiredQuery, data: undefined };
    expect(await outcome(pipe, {}, required)).toEqual({ rejected: 'name must be a string' });
    expect(await outcome(pipe, {}, required)).toEqual({ rejected: 'name must be a string' });
  });

  it('validates empty values that are not plain objects as Nest does', async () => {
    const pipe = createValidationPipe();
    const optional: ArgumentMetadata = { type: 'body', metatype: PageQuery, data: undefined };
    await pipe.transform({}, optional);
    for (const value of [[], '', 0, null]) {
      expect(await outcome(pipe, value, optional)).toEqual(await outcome(nest, value, optional));
    }
    expect(await outcome(pipe, [], optional)).not.toBeInstanceOf(PageQuery);
  });
});
