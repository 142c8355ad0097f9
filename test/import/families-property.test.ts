import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchFamilies,
  buildBatchZip,
  FAMILY_COLUMN,
  type Family,
  familyResources,
  parentLayout,
  toFamily,
} from '../../src/import/families.js';
import type { ImportFieldMapping } from '../../src/import/import-params.js';
import { planImport } from '../../src/import/plan-columns.js';
import { readZip } from '../streaming/upload-zip-reader.js';

const shape = { parentModule: 'Quotes', children: { Items: 'Quoted_Items', Notes: 'Quotes_Subform' } };

async function* from(families: Family[]) {
  yield* families;
}

const familyArb = fc.record({
  name: fc.string({ maxLength: 12 }),
  items: fc.array(fc.record({ Product_Name: fc.string({ maxLength: 8 }) }), { maxLength: 4 }),
  notes: fc.array(fc.record({ Notes: fc.string({ maxLength: 8 }) }), { maxLength: 3 }),
});

/**
 * The caller's parent options: none, a column order (`columns`), or mappings naming columns in any
 * order (a date `format`, a `Layout` mapping by layout id with no column) with `dateFormats`.
 */
type ParentOptions = {
  columns?: string[];
  fieldMappings?: ImportFieldMapping[];
  dateFormats?: Record<string, string>;
};
const optionsArb: fc.Arbitrary<ParentOptions> = fc.oneof(
  fc.constant({}),
  fc.shuffledSubarray(['Subject', 'Valid_Till', 'Owner'], { minLength: 3 }).map((columns) => ({ columns })),
  fc.shuffledSubarray(['Subject', 'Valid_Till', 'Owner'], { minLength: 1 }).map((mapped) => ({
    fieldMappings: [
      ...mapped.map(
        (column): ImportFieldMapping =>
          column === 'Valid_Till'
            ? { api_name: column, column, format: 'dd.MM.yyyy' }
            : { api_name: column, column },
      ),
      { api_name: 'Layout', default_value: { value: '4876876000001022168' } },
    ],
    dateFormats: { Valid_Till: 'dd.MM.yyyy' },
  })),
);

describe('families (property)', () => {
  it("every child's link value equals its parent's value in the linked column; families are never split", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(familyArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 1, max: 15 }),
        optionsArb,
        async (input, maxChildRows, maxRows, options) => {
          const families = input.map((f, i) =>
            toFamily(
              {
                Subject: f.name,
                Owner: `${i}`,
                Valid_Till: new Date(Date.UTC(2024, 0, 1 + i)),
                Items: f.items.map((it, j) => ({ ...it, Tag: `${i}/${j}` })),
                Notes: f.notes.map((n, j) => ({ ...n, Tag: `${i}/${j}` })),
              },
              i,
              ['Items', 'Notes'],
            ),
          );
          const plan = planImport(options, options, families[0]!.parent);
          const layout = parentLayout(options, plan);
          let seen = 0;
          for await (const batch of batchFamilies(from(families), { maxRows, maxChildRows })) {
            expect(batch.families.length).toBeLessThanOrEqual(maxRows);
            const built = buildBatchZip(batch, shape, layout);
            const resource = familyResources(shape, built, 'f1', { layout });
            const entries = Object.fromEntries(
              readZip(built.zip).map((e) => [e.name, parse(e.data.toString('utf8')) as string[][]]),
            );
            expect(Object.keys(entries)).toEqual(['Quotes.csv', 'Quoted_Items.csv', 'Quotes_Subform.csv']);
            const [header, ...parents] = entries['Quotes.csv']!;
            expect(header).toEqual([...plan.columns, FAMILY_COLUMN]);
            const at = (column: string) => header!.indexOf(column);
            expect(parents.map((p) => p[at('Subject')])).toEqual(batch.families.map((f) => f.parent.Subject));
            // The parent's mappings are the caller's (resolved), else the header's; none maps FAMILY_COLUMN.
            const parentMappings = resource[0]!.field_mappings!;
            if ('fieldMappings' in options) expect(parentMappings).toEqual(plan.mappings);
            else expect(parentMappings.map((m) => m.api_name)).toEqual(plan.columns);
            expect(parentMappings.some((m) => m.index === at(FAMILY_COLUMN))).toBe(false);
            // Dates written and declared in the caller's format.
            const till = parentMappings.find((m) => m.api_name === 'Valid_Till');
            if ('fieldMappings' in options && till !== undefined) expect(till.format).toBe('dd.MM.yyyy');
            expect(parents[0]![at('Valid_Till')]).toMatch(
              'fieldMappings' in options ? /^\d\d\.\d\d\.2024$/ : /^2024-\d\d-\d\dT00:00:00\+00:00$/,
            );
            for (const [r, key, module] of [
              [1, 'Items', 'Quoted_Items'],
              [2, 'Notes', 'Quotes_Subform'],
            ] as const) {
              const [childHeader, ...rows] = entries[`${module}.csv`]!;
              expect(rows.length).toBeLessThanOrEqual(maxChildRows);
              const link = resource[r]!.field_mappings!.find((m) => m.parent_column_index !== undefined)!;
              expect(link.parent_column_index).toBe(at(FAMILY_COLUMN));
              const tagAt = childHeader!.indexOf('Tag');
              for (const row of rows) {
                const parentRow = parents.find((p) => p[link.parent_column_index!] === row[link.index!]);
                expect(parentRow).toBeDefined();
                // The child belongs to that parent: its tag names the parent's input position.
                const owner = Number(row[tagAt]!.split('/')[0]);
                expect(parentRow).toEqual(parents[batch.families.findIndex((f) => f.index === owner)]);
              }
              // Every child of every family of the batch is in this batch's CSV.
              expect(rows.length).toBe(
                batch.families.reduce((n, f) => n + (f.children[key]?.length ?? 0), 0),
              );
            }
            seen += batch.families.length;
          }
          expect(seen).toBe(families.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
