import { ArgumentsHost, Logger, LoggerService } from '@nestjs/common';
import { BadUserInput, Conflict, NotFound } from '../errors/domain-errors';
import { ErrorLogFilter } from './error-log.filter';

/** The arguments Nest hands a filter for a GraphQL resolver: root, args, context, info. */
function graphqlHost(fieldName: string): ArgumentsHost {
  const args = [{}, {}, {}, { fieldName }];
  return {
    getType: () => 'graphql',
    getArgs: () => args,
    getArgByIndex: (i: number) => args[i],
    switchToHttp: () => undefined,
    switchToRpc: () => undefined,
    switchToWs: () => undefined,
  } as unknown as ArgumentsHost;
}

describe('ErrorLogFilter', () => {
  const lines: { level: string; message: unknown }[] = [];
  const sink: LoggerService = {
    log: (message) => lines.push({ level: 'info', message }),
    error: (message) => lines.push({ level: 'error', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
  };
  beforeAll(() => Logger.overrideLogger(sink));
  afterAll(() => Logger.overrideLogger(false));
  beforeEach(() => lines.splice(0));

  it.each([
    ['BAD_USER_INPUT', BadUserInput.field('input.email', 'must be a valid email address')],
    ['NOT_FOUND', new NotFound('Risk', 'r1')],
    ['CONFLICT', new Conflict('already there')],
  ])('logs %s at info as fields and hands the error back', (code, error) => {
    const filter = new ErrorLogFilter();
    expect(filter.catch(error, graphqlHost('signUp'))).toBe(error);
    expect(lines).toEqual([
      {
        level: 'info',
        message: { msg: 'operation refused', operation: 'signUp', code, error: error.message },
      },
    ]);
  });

  it('leaves unexpected errors to the error formatter, which logs them at error level once', () => {
    const error = new TypeError('x is undefined');
    expect(new ErrorLogFilter().catch(error, graphqlHost('createRisk'))).toBe(error);
    expect(lines).toEqual([]);
  });
});
