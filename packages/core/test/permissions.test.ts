import { describe, expect, it } from 'vitest';
import { implies, isPermitted, isValidPermission } from '../src/domain/permissions.ts';

describe('Shiro-style permission matching', () => {
  it.each([
    // [granted, requested, expected]
    ['*', 'invite:read', true],
    ['*', 'anything:at:all', true],
    ['invite:*', 'invite:read', true],
    ['invite:*', 'invite:write', true],
    ['invite:*', 'group:read', false],
    ['invite', 'invite:read', true],
    ['invite', 'invite', true],
    ['invite:read', 'invite:read', true],
    ['invite:read', 'invite:write', false],
    ['invite:read', 'invite', false],
    ['invite:read,write', 'invite:read', true],
    ['invite:read,write', 'invite:write', true],
    ['invite:read,write', 'invite:delete', false],
    ['invite:read,write', 'invite:read,write', true],
    ['invite:read', 'invite:read,write', false],
    ['namespace:acme:read,write', 'namespace:acme:read', true],
    ['namespace:acme:read,write', 'namespace:acme:delete', false],
    ['namespace:acme:read,write', 'namespace:other:read', false],
    ['namespace:*:read', 'namespace:acme:read', true],
    ['namespace:*:read', 'namespace:acme:write', false],
    ['namespace:acme', 'namespace:acme:read', true],
    // A grant longer than the request implies it only through trailing wildcards.
    ['invite:*', 'invite', true],
    ['invite:*:*', 'invite', true],
    ['invite:read:*', 'invite:read', true],
    ['invite:read:x', 'invite:read', false],
    // Parts are compared exactly: no prefix matching.
    ['inv', 'invite:read', false],
    ['invite:re', 'invite:read', false],
    ['a:b,c:d', 'a:b:d', true],
    ['a:b,c:d', 'a:c:d', true],
    ['a:b,c:d', 'a:e:d', false],
    ['a:b,c:d', 'a:b:e', false],
  ])('%s implies %s: %s', (granted, requested, expected) => {
    expect(implies(granted, requested)).toBe(expected);
  });

  it('checks a list of grants', () => {
    expect(isPermitted(['group:read', 'invite:write'], 'invite:write')).toBe(true);
    expect(isPermitted(['group:read', 'invite:write'], 'invite:delete')).toBe(false);
    expect(isPermitted([], 'invite:read')).toBe(false);
  });

  it.each([
    ['*', true],
    ['invite', true],
    ['invite:read', true],
    ['namespace:acme:read,write', true],
    ['namespace:acme-corp.v2/x:read', true],
    ['', false],
    ['invite:', false],
    [':read', false],
    ['invite::read', false],
    ['invite:read,', false],
    ['invite:,read', false],
    ['invite read', false],
    ['invite:re*d', false],
    ['x'.repeat(257), false],
  ])('isValidPermission(%j) is %s', (permission, expected) => {
    expect(isValidPermission(permission)).toBe(expected);
  });
});
