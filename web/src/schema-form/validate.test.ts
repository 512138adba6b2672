import { describe, expect, it } from 'vitest';
import { httpCheck } from '../test/fixtures';
import { buildFields, initialValues, optionKey, type FieldDef, type PropertySchema } from './schema';
import { REQUIRED_MESSAGE, validateField, validateForm } from './validate';

function field(schema: PropertySchema, required = false): FieldDef {
  const [def] = buildFields({ properties: { x: schema }, required: required ? ['x'] : [] });
  if (!def) throw new Error('no field');
  return def;
}

describe('validateForm on the http-check schema', () => {
  const fields = buildFields(httpCheck.paramsSchema);

  it('flags only the missing required field when defaults are untouched', () => {
    expect(validateForm(fields, initialValues(fields))).toEqual({ url: REQUIRED_MESSAGE });
  });

  it('accepts a complete, valid form', () => {
    const values = { ...initialValues(fields), url: 'https://example.com/health' };
    expect(validateForm(fields, values)).toEqual({});
  });

  it('reports each broken rule by field', () => {
    const errors = validateForm(fields, {
      url: 'example.com',
      method: optionKey('POST'),
      expectStatus: '99',
      timeoutSeconds: '61',
    });
    expect(errors).toEqual({
      url: expect.stringContaining('full URL'),
      method: 'Choose one of: GET, HEAD.',
      expectStatus: 'Must be at least 100.',
      timeoutSeconds: 'Must be at most 60.',
    });
  });
});

describe('validateField', () => {
  it('required: blank text is missing, an optional blank is fine', () => {
    expect(validateField(field({ type: 'string' }, true), '   ')).toBe(REQUIRED_MESSAGE);
    expect(validateField(field({ type: 'string' }), '')).toBeUndefined();
    expect(validateField(field({ type: 'integer' }, true), '')).toBe(REQUIRED_MESSAGE);
    expect(validateField(field({ type: 'string', enum: ['a'] }, true), '')).toBe(REQUIRED_MESSAGE);
  });

  it('minimum and maximum are inclusive; exclusive bounds are not', () => {
    const f = field({ type: 'integer', minimum: 100, maximum: 599 });
    expect(validateField(f, '100')).toBeUndefined();
    expect(validateField(f, '599')).toBeUndefined();
    expect(validateField(f, '600')).toBe('Must be at most 599.');
    const g = field({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 });
    expect(validateField(g, '0')).toBe('Must be greater than 0.');
    expect(validateField(g, '1')).toBe('Must be less than 1.');
    expect(validateField(g, '0.25')).toBeUndefined();
  });

  it('integers must be whole numbers, numbers must be numeric', () => {
    expect(validateField(field({ type: 'integer' }), '1.5')).toBe('Enter a whole number.');
    expect(validateField(field({ type: 'integer' }), '12abc')).toBe('Enter a whole number.');
    expect(validateField(field({ type: 'integer' }), '-3')).toBeUndefined();
    expect(validateField(field({ type: 'number' }), '0x10')).toBe('Enter a number.');
    expect(validateField(field({ type: 'number' }), '1e3')).toBeUndefined();
    expect(validateField(field({ type: 'number', multipleOf: 0.5 }), '1.25')).toBe('Must be a multiple of 0.5.');
  });

  it('enum: only listed values, including non-string ones', () => {
    const f = field({ type: 'integer', enum: [1, 2] });
    expect(validateField(f, optionKey(2))).toBeUndefined();
    expect(validateField(f, optionKey('2'))).toBe('Choose one of: 1, 2.');
  });

  it('pattern is an unanchored ECMAScript regular expression', () => {
    const f = field({ type: 'string', pattern: '^[a-z][a-z0-9-]*$' });
    expect(validateField(f, 'web-01')).toBeUndefined();
    expect(validateField(f, 'Web 01')).toBe('Must match the pattern ^[a-z][a-z0-9-]*$');
    expect(validateField(field({ type: 'string', pattern: 'prod' }), 'eu-prod-1')).toBeUndefined();
    // A pattern this browser cannot compile is left to the server.
    expect(validateField(field({ type: 'string', pattern: '(?<' }), 'anything')).toBeUndefined();
  });

  it('string length counts characters, and formats are checked', () => {
    const f = field({ type: 'string', minLength: 2, maxLength: 3 });
    expect(validateField(f, 'a')).toBe('Must be at least 2 characters.');
    expect(validateField(f, 'abcd')).toBe('Must be at most 3 characters.');
    expect(validateField(f, '😀😀')).toBeUndefined();
    expect(validateField(field({ type: 'string', format: 'email' }), 'ops@example.com')).toBeUndefined();
    expect(validateField(field({ type: 'string', format: 'email' }), 'ops')).toContain('email address');
    expect(validateField(field({ type: 'string', format: 'uri' }), 'https://example.com')).toBeUndefined();
  });

  it('booleans are always valid; JSON fields must parse to the declared type', () => {
    expect(validateField(field({ type: 'boolean' }, true), false)).toBeUndefined();
    expect(validateField(field({ type: 'array' }), '{')).toBe('Enter valid JSON.');
    expect(validateField(field({ type: 'array' }), '{}')).toContain('JSON array');
    expect(validateField(field({ type: 'object' }), '[]')).toContain('JSON object');
    expect(validateField(field({ type: 'object' }), '{"a":1}')).toBeUndefined();
  });
});
