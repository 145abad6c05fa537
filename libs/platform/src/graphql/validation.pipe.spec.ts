import { ArgumentMetadata } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { BadUserInput } from '../errors/domain-errors';
import { InputValidationPipe } from './validation.pipe';

class Input {
  @IsString()
  @MaxLength(3)
  title: string;
}

/** A row a field resolver receives as its parent: an entity without validation rules. */
class Row {
  id = 'r1';
  title = 'a title longer than three';
  note = '\u0000';
}

// How Nest describes GraphQL resolver parameters (GqlParamtype): 0 parent, 1 context, 2 info, 3 arguments.
const as = (type: number, metatype: ArgumentMetadata['metatype'], data?: string): ArgumentMetadata =>
  ({ type, metatype, data }) as unknown as ArgumentMetadata;

describe('InputValidationPipe', () => {
  const pipe = new InputValidationPipe();

  it('validates the arguments the client sends, naming the field', async () => {
    const refused = pipe.transform({ title: 'too long' }, as(3, Input, 'input'));
    await expect(refused).rejects.toBeInstanceOf(BadUserInput);
    await expect(refused).rejects.toMatchObject({ fields: [{ field: 'input.title' }] });
    await expect(pipe.transform({ title: 'ok', extra: 1 }, as(3, Input, 'input'))).resolves.toEqual(
      Object.assign(new Input(), { title: 'ok' }),
    );
  });

  it('passes a field resolver’s parent, context and info on as they are, uncopied', async () => {
    for (const type of [0, 1, 2]) {
      const row = new Row();
      await expect(pipe.transform(row, as(type, Row))).resolves.toBe(row);
      expect(row).toEqual(new Row());
    }
  });
});
