import { describe, expect, it } from 'vitest';
import { httpCheck } from '../test/fixtures';
import { buildFields, humanize, initialValues, optionKey, toParams, type ObjectSchema } from './schema';

describe('buildFields', () => {
  it('makes one field per property, in schema order, with the right input kind', () => {
    const fields = buildFields(httpCheck.paramsSchema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['url', 'text', true],
      ['method', 'enum', false],
      ['expectStatus', 'integer', false],
      ['timeoutSeconds', 'integer', false],
    ]);
    expect(fields[0]?.label).toBe('URL');
    expect(fields[0]?.description).toBe('Address to request.');
    expect(fields[1]?.options).toEqual(['GET', 'HEAD']);
  });

  it('covers every supported type, secrets, titles and nullable types', () => {
    const schema: ObjectSchema = {
      type: 'object',
      properties: {
        token: { type: 'string', writeOnly: true },
        ratio: { type: 'number' },
        dryRun: { type: 'boolean', title: 'Dry run only' },
        level: { type: 'integer', enum: [1, 2, 3] },
        note: { type: ['string', 'null'] },
        tags: { type: 'array' },
        labels: { type: 'object' },
        id: { type: 'string', readOnly: true },
      },
    };
    const fields = buildFields(schema);
    expect(Object.fromEntries(fields.map((f) => [f.name, f.kind]))).toEqual({
      token: 'secret',
      ratio: 'number',
      dryRun: 'boolean',
      level: 'enum',
      note: 'text',
      tags: 'json',
      labels: 'json',
    });
    expect(fields.find((f) => f.name === 'dryRun')?.label).toBe('Dry run only');
  });

  it('puts required fields first, keeping schema order within each group', () => {
    // As Go's encoding/json sends it: keys sorted alphabetically.
    const fields = buildFields({
      properties: { expectStatus: { type: 'integer' }, method: { type: 'string' }, server: { type: 'string' }, url: { type: 'string' } },
      required: ['url', 'server'],
    });
    expect(fields.map((f) => f.name)).toEqual(['server', 'url', 'expectStatus', 'method']);
  });

  it('accepts a missing or empty schema', () => {
    expect(buildFields(undefined)).toEqual([]);
    expect(buildFields({ type: 'object' })).toEqual([]);
  });
});

describe('initialValues', () => {
  it('pre-fills defaults and leaves the rest empty', () => {
    const values = initialValues(buildFields(httpCheck.paramsSchema));
    expect(values).toEqual({ url: '', method: optionKey('GET'), expectStatus: '200', timeoutSeconds: '10' });
  });

  it('handles boolean, numeric-enum and JSON defaults, and ignores a default outside the enum', () => {
    const fields = buildFields({
      properties: {
        dryRun: { type: 'boolean', default: true },
        verbose: { type: 'boolean' },
        level: { type: 'integer', enum: [1, 2], default: 2 },
        mode: { type: 'string', enum: ['a', 'b'], default: 'z' },
        tags: { type: 'array', default: ['x'] },
      },
    });
    expect(initialValues(fields)).toEqual({ dryRun: true, verbose: false, level: '2', mode: '', tags: '[\n  "x"\n]' });
  });
});

describe('toParams', () => {
  it('types every value and leaves out empty optional inputs', () => {
    const fields = buildFields({
      properties: {
        url: { type: 'string' },
        note: { type: 'string' },
        expectStatus: { type: 'integer' },
        ratio: { type: 'number' },
        dryRun: { type: 'boolean' },
        level: { type: 'integer', enum: [1, 2] },
        tags: { type: 'array' },
      },
    });
    const params = toParams(fields, {
      url: 'https://example.com',
      note: '',
      expectStatus: ' 204 ',
      ratio: '0.5',
      dryRun: false,
      level: optionKey(2),
      tags: '["a","b"]',
    });
    expect(params).toEqual({ url: 'https://example.com', expectStatus: 204, ratio: 0.5, dryRun: false, level: 2, tags: ['a', 'b'] });
  });
});

describe('humanize', () => {
  it('turns property names into labels', () => {
    expect(humanize('expectStatus')).toBe('Expect status');
    expect(humanize('timeout_seconds')).toBe('Timeout seconds');
    expect(humanize('sshHost')).toBe('SSH host');
  });
});
