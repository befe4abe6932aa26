import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertWebhookUrl,
  guardedLookup,
  InvalidWebhookUrlError,
  isPublicAddress,
  PrivateAddressError,
  resolvePublicAddress,
} from './public-address.ts';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::7f00:1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    'not-an-ip',
    '',
  ])('%s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );
});

describe('resolvePublicAddress', () => {
  it('checks IP literals without DNS, including bracketed IPv6', async () => {
    await expect(resolvePublicAddress('8.8.8.8', false)).resolves.toEqual({
      address: '8.8.8.8',
      family: 4,
    });
    await expect(resolvePublicAddress('[2606:4700:4700::1111]', false)).resolves.toEqual({
      address: '2606:4700:4700::1111',
      family: 6,
    });
    await expect(resolvePublicAddress('[::1]', false)).rejects.toBeInstanceOf(PrivateAddressError);
    await expect(resolvePublicAddress('[::1]', true)).resolves.toEqual({
      address: '::1',
      family: 6,
    });
  });

  it('refuses names that resolve to private addresses unless allowed', async () => {
    await expect(resolvePublicAddress('localhost', false)).rejects.toBeInstanceOf(
      PrivateAddressError,
    );
    await expect(resolvePublicAddress('localhost', true)).resolves.toMatchObject({
      address: expect.any(String),
    });
  });
});

describe('assertWebhookUrl', () => {
  it.each(['ftp://x', 'not a url', 'http://user:pw@example.com', 'https://user@example.com/'])(
    'refuses %s as invalid',
    async (raw) => {
      await expect(assertWebhookUrl(raw, true)).rejects.toBeInstanceOf(InvalidWebhookUrlError);
    },
  );

  it.each([
    'http://localhost:8080',
    'http://api.localhost/',
    'http://LOCALHOST./',
    'http://127.0.0.1/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://0x7f000001/',
    'http://169.254.169.254/latest/meta-data/',
  ])('refuses %s as private', async (raw) => {
    await expect(assertWebhookUrl(raw, false)).rejects.toBeInstanceOf(PrivateAddressError);
  });

  it('names the host in the error', async () => {
    await expect(assertWebhookUrl('http://localhost:8080', false)).rejects.toThrow(/localhost/);
  });

  it('accepts public IP literals and, when allowed, private ones', async () => {
    await expect(assertWebhookUrl('https://8.8.8.8/hook', false)).resolves.toBeInstanceOf(URL);
    const url = await assertWebhookUrl('http://127.0.0.1:9/', true);
    expect(url.href).toBe('http://127.0.0.1:9/');
  });
});

describe('guardedLookup', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function get(allowPrivate: boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: 'localhost', port, lookup: guardedLookup(allowPrivate), agent: false },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve(text));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses to connect to a private address when not allowed', async () => {
    await expect(get(false)).rejects.toBeInstanceOf(PrivateAddressError);
  });

  it('reaches the local server when private addresses are allowed', async () => {
    await expect(get(true)).resolves.toBe('hello');
  });

  it('answers in both the single and the all form', async () => {
    const lookup = guardedLookup(true);
    const single = await new Promise<[string, number | undefined]>((resolve, reject) => {
      lookup('localhost', { family: 4 }, (err, address, family) => {
        if (err) reject(err);
        else resolve([address as string, family]);
      });
    });
    expect(single).toEqual(['127.0.0.1', 4]);

    const all = await new Promise<LookupAddress[]>((resolve, reject) => {
      lookup('localhost', { all: true, family: 4 }, (err, addresses) => {
        if (err) reject(err);
        else resolve(addresses as LookupAddress[]);
      });
    });
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  it.each(['localhost', '127.0.0.1', '::ffff:10.0.0.1'])(
    'refuses %s in the single form as well',
    async (host) => {
      const err = await new Promise((resolve) => {
        guardedLookup(false)(host, {}, (e) => resolve(e));
      });
      expect(err).toBeInstanceOf(PrivateAddressError);
    },
  );

  it('passes public addresses through', async () => {
    const address = await new Promise((resolve, reject) => {
      guardedLookup(false)('8.8.8.8', {}, (err, addr) => (err ? reject(err) : resolve(addr)));
    });
    expect(address).toBe('8.8.8.8');
  });
});
