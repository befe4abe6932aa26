/**
 * Errors once: core's catalog gives each code its meaning, the API's table its status, and an
 * error raised by the transport rather than the domain answers with the catalog's words.
 */
import { DomainError, errorCatalog } from '@guestlist/core';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerOf, describeError, errorStatus, toTrpcError } from '../src/index.ts';

describe('the error tables', () => {
  it('give every code of the catalog a status, and no other code', () => {
    expect(Object.keys(errorStatus).sort()).toEqual(Object.keys(errorCatalog).sort());
  });

  it('answer a domain error with its own code, message, fields and status', () => {
    const error = new DomainError('INVITE_EXPIRED', 'This invite expired yesterday');
    expect(describeError(toTrpcError(error))).toEqual({
      status: 410,
      body: { code: 'INVITE_EXPIRED', message: 'This invite expired yesterday' },
    });
    const limited = new DomainError('RATE_LIMITED', 'Slow down', undefined, 42);
    expect(describeError(limited)).toMatchObject({ status: 429, retryAfter: 42 });
    expect(toTrpcError(limited).code).toBe('TOO_MANY_REQUESTS');
  });

  it("answer the transport's own refusals with the catalog's meaning", () => {
    const notFound = new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });
    expect(describeError(notFound)).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: errorCatalog.NOT_FOUND },
    });
    expect(answerOf('PAYLOAD_TOO_LARGE').body.message).toBe(errorCatalog.PAYLOAD_TOO_LARGE);
    const bug = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'secret detail' });
    expect(describeError(bug)).toEqual({
      status: 500,
      body: { code: 'INTERNAL_ERROR', message: errorCatalog.INTERNAL_ERROR },
    });
  });

  it('name each field of a refused input', () => {
    const parsed = z.strictObject({ count: z.number() }).safeParse({ count: 'x', extra: 1 });
    const error = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    const { status, body } = describeError(error);
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields?.map((field) => field.path).sort()).toEqual(['count', 'extra']);
  });
});
