import { describe, expectTypeOf, it } from 'vitest';
import type { MassUpdateBody, MassUpdateCvidBody } from '../../src/index.js';

describe('mass update body types', () => {
  it('type territory.include_child and criteria (the runtime schema passes both through)', () => {
    const body: MassUpdateCvidBody = {
      data: [{ Rating: 'Hot' }],
      cvid: '4876876000000087501',
      territory: { id: '4876876000000350013', include_child: true },
      criteria: [{ field: { api_name: 'Lead_Source' }, comparator: 'equal', value: 'Web' }],
    };
    expectTypeOf(body.territory).toEqualTypeOf<MassUpdateBody['territory']>();
    expectTypeOf<NonNullable<MassUpdateBody['territory']>['include_child']>().toEqualTypeOf<
      boolean | undefined
    >();
    expectTypeOf<MassUpdateBody['criteria']>().not.toBeAny();
    // @ts-expect-error include_child is a boolean
    const bad: MassUpdateBody['territory'] = { id: '1', include_child: 'yes' };
    void bad;
  });
});
