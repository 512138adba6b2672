import { describe, expect, it } from 'vitest';
import { httpCheck } from '../test/fixtures';
import { buildFields } from './schema';
import { mapServerErrors } from './serverErrors';

describe('mapServerErrors', () => {
  const fields = buildFields(httpCheck.paramsSchema);

  it('maps params.<name> and pointer paths to fields and keeps the rest', () => {
    const mapped = mapServerErrors(
      [
        { field: 'params.url', message: 'must be an absolute http(s) URL' },
        { field: '/params/expectStatus', message: 'must be >= 100' },
        { field: 'params.unknownThing', message: 'not allowed' },
        { field: '', message: 'params must be an object' },
      ],
      fields,
    );
    expect(mapped.fieldErrors).toEqual({ url: 'must be an absolute http(s) URL', expectStatus: 'must be >= 100' });
    expect(mapped.other.map((d) => d.message)).toEqual(['not allowed', 'params must be an object']);
  });
});
