import fc from 'fast-check';

/**
 * Hostile inputs for the REST fuzzing suite: values of the wrong type, strings that break
 * parsers and databases, and JSON too deep or too big, mixed with values a schema would
 * accept so that requests also get past the first check and into the deeper ones.
 */

/** Strings that have broken parsers, databases, logs and terminals. */
export const nastyStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202e\u0041\u0042',
  '\ufeff',
  '\u2028\u2029',
  '\u200b',
  'e\u0301\u0301\u0301',
  'İıß',
  '𝕏𝕐',
  '👩‍👩‍👧‍👦',
  '\r\nSet-Cookie: a=b',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '../../etc/passwd',
  '..%2F..%2F',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '"; drop table invites; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose
  '${process.exit()}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'true',
  '0x10',
  '9999-12-31T23:59:59Z',
  '0000-00-00T00:00:00Z',
  '2030-02-31T00:00:00Z',
  '-1d',
  '0s',
  '99999999999d',
  'gl_',
  `gl_${'A'.repeat(40)}`,
  `gls_${'A'.repeat(40)}`,
  'a@b',
  '@',
  'a'.repeat(256),
  'ä'.repeat(10_000),
  'x'.repeat(100_000),
];

/**
 * Percent-encodes the string's UTF-8 bytes. Unlike `encodeURIComponent` it takes lone
 * surrogates too (as U+FFFD): those strings must reach the server, not throw in the test.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 200, maxLength: 2_000 }) },
  { weight: 1, arbitrary: fc.uuid() },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, hostile at every depth. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

/** A value the schema would likely accept: the way past the first check. */
function plausible(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  const options = schema.anyOf ?? schema.oneOf;
  if (options && options.length > 0)
    return fc.oneof(...options.map((option) => plausible(option, depth + 1)));
  if (schema.allOf?.[0]) return plausible(schema.allOf[0], depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time')
        return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'uri') return fc.webUrl();
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: 30 });
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? -10,
        max: Math.min(schema.maximum ?? 2_000, 2_000),
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(plausible(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object':
      return objectOf(schema, depth);
    default:
      return hostileValue;
  }
}

/**
 * An object shaped by the schema, then damaged: each property is plausible, hostile or
 * missing (required ones too), and unknown properties may join in.
 */
function objectOf(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const fields = Object.fromEntries(
    properties.map(([name, property]) => [
      name,
      fc.option(
        fc.oneof(
          { weight: 3, arbitrary: plausible(property, depth + 1) },
          { weight: 1, arbitrary: hostileValue },
        ),
        { freq: 4, nil: undefined },
      ),
    ]),
  );
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }), { freq: 3 }),
    )
    .map(([known, unknown]) => {
      const value: Record<string, unknown> = { ...(unknown ?? {}) };
      for (const [key, field] of Object.entries(known)) if (field !== undefined) value[key] = field;
      return value;
    });
}

const deep = (depth: number, open: string, close: string) =>
  `${open.repeat(depth)}1${close.repeat(depth)}`;

/** Bodies that are not JSON, or JSON of a size or depth no schema expects. */
const brokenBody = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    '\ufeff{}',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":1,"a":2}',
    'null',
    '[]',
    '"text"',
    '1e999',
    'NaN',
  ),
  fc.integer({ min: 50, max: 20_000 }).map((depth) => deep(depth, '[', ']')),
  fc.integer({ min: 50, max: 5_000 }).map((depth) => deep(depth, '{"a":', '}')),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => `[${'1,'.repeat(n)}1]`),
  fc
    .integer({ min: 100, max: 10_000 })
    .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`),
);

export interface BodyCase {
  raw: string | undefined;
  contentType: string | undefined;
}

/** A request body for an operation with this body schema (or none). */
export function bodyFor(schema: Schema | undefined): fc.Arbitrary<BodyCase> {
  const json = schema ? plausible(schema) : hostileValue;
  return fc.record({
    raw: fc.oneof(
      { weight: 6, arbitrary: json.map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: hostileValue.map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: brokenBody },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          undefined,
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
          'application/xml',
          'application/json, text/plain',
          '*/*',
        ),
      },
    ),
  });
}

/** A path parameter: a real id now and then, else anything a client could put in a path. */
export function pathParam(real: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 4, arbitrary: hostileString.map(percentEncode) },
    // A NUL, which PostgreSQL text cannot hold, alone or spliced into a real value: it must be
    // refused like a NUL in a body, whichever path parameter carries it.
    {
      weight: 1,
      arbitrary: (real.length > 0 ? fc.constantFrom(...real) : fc.constant('x')).chain((value) =>
        fc.constantFrom(
          '%00',
          `${value}%00`,
          `%00${value}`,
          `${value.slice(0, 2)}%00${value.slice(2)}`,
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%2F',
        '..',
        '.',
        '%2e%2e',
        '%',
        '%zz',
        '%00',
        '%E0%A4%A',
        '9'.repeat(400),
      ),
    },
  );
}

/** A query string from the operation's parameters, with odd keys, repeats and encodings. */
export function queryFor(names: readonly string[]): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.constantFrom('', 'pending', 'createdAt', '-createdAt', '1', '0', '-1', '1e9', 'a,b', '[]'),
    hostileString.map(percentEncode),
    fc.constantFrom('%', '%zz', '%00', '%E0%A4%A', '+', '&', '=', 'x'.repeat(5_000)),
  );
  const key = fc.oneof(
    { weight: 4, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('q') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'filter[status][in]',
        'filter[status][nin][]',
        'filter[a][b][c][d][e][f]',
        'page[size][]',
        'page',
        'sort[]',
        '__proto__[x]',
        'filter[__proto__]',
        '[]',
        '%5B',
      ),
    },
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

/** Who the request claims to be: mostly a real key or session (past authentication, into validation). */
export function authFor(adminKey: string, userToken: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(`Bearer ${adminKey}`) },
    // What only a signed-in user may do (namespaces, accept, logout) needs the user's session
    // to get past authorization at all.
    { weight: 2, arbitrary: fc.constant(`Bearer ${userToken}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        'Bearer',
        'Bearer ',
        `Bearer gl_${'0'.repeat(40)}`,
        `bearer ${adminKey}`,
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        `Bearer ${'x'.repeat(8_000)}`,
        `Bearer ${adminKey}, Bearer ${userToken}`,
      ),
    },
  );
}
