/**
 * Subform and line-item modules of the fake (zoho-api-metadata-sync.md §4.1–4.3). A module named
 * `<Parent>_Subform` (e.g. `Leads_Subform`) is a subform of `<Parent>`; `Quoted_Items`,
 * `Ordered_Items`, `Invoiced_Items` and `Purchase_Items` are the line items of Quotes, Sales
 * Orders, Invoices and Purchase Orders. Each has a mandatory `Parent_Id` lookup to its parent (the
 * column a bulk write maps with `find_by: 'id'` or links through `parent_column_index`); a custom
 * subform also has a date field, `Visit_Date`.
 */
import type { FieldDef } from '../data/field-def.js';
import type { ModuleDef } from '../data/modules.js';

/** Line-item module → its inventory parent. */
export const lineItemParents: Readonly<Record<string, string>> = {
  Quoted_Items: 'Quotes',
  Ordered_Items: 'Sales_Orders',
  Invoiced_Items: 'Invoices',
  Purchase_Items: 'Purchase_Orders',
};

/** The parent module of a subform or line-item module, or undefined for any other module. */
export function subformParent(module: string): string | undefined {
  const lineItem = lineItemParents[module];
  if (lineItem !== undefined) return lineItem;
  const m = /^(.+)_Subform$/.exec(module);
  return m?.[1];
}

/** The definition of a subform or line-item module, or undefined for any other name. */
export function subformModule(api_name: string, moduleId: string): ModuleDef | undefined {
  const parent = subformParent(api_name);
  if (parent === undefined) return undefined;
  const lineItem = lineItemParents[api_name] !== undefined;
  const fields: FieldDef[] = [
    {
      api_name: 'Parent_Id',
      data_type: 'lookup',
      lookup: parent,
      mandatory: true,
      gen: (g) => g.lookup(parent, 1),
    },
    lineItem
      ? { api_name: 'Product_Name', data_type: 'text', mandatory: true, gen: (g) => g.who.company }
      : { api_name: 'Secondary_Email', data_type: 'email', gen: (g) => `${g.index}@example.com` },
    lineItem
      ? { api_name: 'Quantity', data_type: 'double', gen: (g) => String(g.rng.int(1, 20)) }
      : { api_name: 'Secondary_Phone', data_type: 'phone', gen: (g) => g.phone() },
    { api_name: 'Notes', data_type: 'text', gen: () => '' },
  ];
  // A custom subform's date field: its rows carry a date column declared with a format.
  if (!lineItem) fields.push({ api_name: 'Visit_Date', data_type: 'date', gen: () => '' });
  return { api_name, moduleId, displayField: 'Parent_Id', display: (w) => w.last, fields };
}
