import { STATUS_CODES } from 'node:http';
import { type ErrorCode, errorCatalog } from '@guestlist/core';
import { errorStatus, REAUTHENTICATION_STATUS } from '../errors/status.ts';

/**
 * The error responses of one operation: per status, its codes as an enum and one example each.
 * `reauthenticates`: INVALID_CREDENTIALS answers 403 there (see `REAUTHENTICATION_STATUS`).
 */
export function errorResponses(codes: readonly ErrorCode[], reauthenticates = false) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status =
      reauthenticates && code === 'INVALID_CREDENTIALS'
        ? REAUTHENTICATION_STATUS
        : errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      String(status),
      {
        description: `${STATUS_CODES[status] ?? 'Error'}: ${statusCodes.join(', ')}`,
        ...(status === 429
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds until the next attempt may succeed',
                  schema: { type: 'integer', examples: [42] },
                },
              },
            }
          : {}),
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/Error' },
                { type: 'object', properties: { code: { type: 'string', enum: statusCodes } } },
              ],
            },
            examples: Object.fromEntries(
              statusCodes.map((code) => [
                code,
                { summary: errorCatalog[code], value: { code, message: errorCatalog[code] } },
              ]),
            ),
          },
        },
      },
    ]),
  );
}

/**
 * A list operation's success response, with an example page. The page shapes are inline rather
 * than components, so, like the error examples, theirs is a named example of the operation's
 * response, where a reader of that operation meets it.
 */
export function withPageExample(success: unknown, page: Record<string, unknown> | undefined) {
  const json = (success as { content?: Record<string, { examples?: unknown }> }).content?.[
    'application/json'
  ];
  if (json && page) json.examples = { page: { summary: 'One page of the list', value: page } };
  return success;
}

/** The one error body every answer uses. */
export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      description: 'Stable, machine-readable (UPPER_SNAKE)',
      examples: ['INVITE_EXPIRED'],
    },
    message: { type: 'string', description: 'For people' },
    fields: {
      type: 'array',
      description: 'The offending fields of a rejected input',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string' },
          message: { type: 'string' },
          line: { type: 'integer', description: 'INVALID_TEMPLATE: the line, from 1' },
          column: { type: 'integer', description: 'INVALID_TEMPLATE: the column, from 1' },
        },
      },
    },
  },
  examples: [
    {
      code: 'VALIDATION_FAILED',
      message: 'Invalid input',
      fields: [{ path: 'count', message: 'Too big: expected number to be <=1000' }],
    },
  ],
} as const;
