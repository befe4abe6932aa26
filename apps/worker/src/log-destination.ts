import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * Where a process logs by default: readable lines when a person watches a terminal, one JSON
 * object per line otherwise (a file, a pipe, a log collector). Formatting happens after pino
 * has applied its redaction, so both forms hide the same things.
 */
export function defaultLogDestination(): DestinationStream | undefined {
  if (!process.stdout.isTTY) return undefined;
  return pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
}
