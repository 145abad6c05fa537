import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** JSON logs (pino) for the whole process; Nest's own logs go through it too. */
export function createRootLogger(level: string): Logger {
  return pino({ level, base: { service: 'aims' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * A structured log entry: a fixed message and its fields, `{ msg: 'job failed', jobId, queue, error }`, so
 * logs are searched by field rather than parsed out of interpolated text.
 */
export interface LogEntry {
  msg: string;
  [field: string]: unknown;
}

/** Nest's LoggerService over pino: a LogEntry becomes fields; a plain message stays a message. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info(...entry(message, { context }));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error(...entry(message, { context, trace }));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn(...entry(message, { context }));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug(...entry(message, { context }));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace(...entry(message, { context }));
  }
  fatal(message: unknown, context?: string) {
    this.logger.fatal(...entry(message, { context }));
  }
}

function entry(message: unknown, fields: Record<string, unknown>): [Record<string, unknown>, string] {
  if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
    const { msg, ...rest } = message as Partial<LogEntry>;
    return [{ ...fields, ...rest }, String(msg ?? '')];
  }
  if (message instanceof Error) return [{ ...fields, err: message }, message.message];
  return [fields, String(message)];
}
