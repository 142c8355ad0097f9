import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchFamilies,
  buildBatchZip,
  FAMILY_COLUMN,
  type Family,
  familyCreateBody,
  toFamily,
} from '../../src/import/families.js';
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

describe('families (property)', () => {
  it("every child's link value equals its parent's value in the linked column; families are never split", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(familyArb, { maxLength: 40 }),
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 1, max: 15 }),
        async (input, maxChildRows, maxRows) => {
          const families = input.map((f, i) =>
            toFamily(
              {
                Subject: f.name,
                Items: f.items.map((it, j) => ({ ...it, Tag: `${i}/${j}` })),
                Notes: f.notes.map((n, j) => ({ ...n, Tag: `${i}/${j}` })),
              },
              i,
              ['Items', 'Notes'],
            ),
          );
          let seen = 0;
          for await (const batch of batchFamilies(from(families), { maxRows, maxChildRows })) {
            expect(batch.families.length).toBeLessThanOrEqual(maxRows);
            const built = buildBatchZip(batch, shape);
            const body = familyCreateBody(shape, built, 'f1', { operation: 'insert' });
            const entries = Object.fromEntries(
              readZip(built.zip).map((e) => [e.name, parse(e.data.toString('utf8')) as string[][]]),
            );
            expect(Object.keys(entries)).toEqual(['Quotes.csv', 'Quoted_Items.csv', 'Quotes_Subform.csv']);
            const [header, ...parents] = entries['Quotes.csv']!;
            expect(header!.at(-1)).toBe(FAMILY_COLUMN);
            expect(parents.map((p) => p[0])).toEqual(batch.families.map((f) => f.parent.Subject));
            for (const [r, key, module] of [
              [1, 'Items', 'Quoted_Items'],
              [2, 'Notes', 'Quotes_Subform'],
            ] as const) {
              const [childHeader, ...rows] = entries[`${module}.csv`]!;
              expect(rows.length).toBeLessThanOrEqual(maxChildRows);
              const link = body.resource[r]!.field_mappings!.find(
                (m) => m.parent_column_index !== undefined,
              )!;
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
