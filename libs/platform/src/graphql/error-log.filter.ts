import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost } from '@nestjs/graphql';
import { expectedErrorCode } from './format-error';

const logger = new Logger('GraphQL');

/**
 * Errors a caller provokes on purpose or by mistake (bad input, not found, conflict, forbidden) are part
 * of normal operation: logged at info with their code, so anonymous callers cannot flood the error log.
 * Anything else is handed on untouched; formatGraphQLError logs it at error level, once.
 */
@Catch()
export class ErrorLogFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'graphql') return super.catch(exception, host);
    const code = expectedErrorCode(exception);
    if (code) {
      const operation = GqlArgumentsHost.create(host).getInfo<{ fieldName?: string }>()?.fieldName;
      logger.log({
        msg: 'operation refused',
        operation: operation ?? null,
        code,
        error: (exception as Error).message,
      });
    }
    return exception;
  }
}
