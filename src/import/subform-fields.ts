/**
 * For `import({ children: [keys] })`: the child module behind each subform or line-item field of
 * a module, from field metadata (zoho-api-metadata-sync.md §1.2): a custom subform names its module
 * in `associated_module.module`, inventory line items in `subform.module` (either may be null).
 */
import type { ZohoField } from '../schemas/fields.js';

/**
 * Field API name → child module, for every subform or line-item field whose metadata names one;
 * `null` for a multi-select or multi-user lookup field (its links, rows of a linking module, are
 * not imported by zoho-bulk).
 */
export function childModulesOf(fields: readonly ZohoField[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of fields) {
    if (f.data_type === 'multiselectlookup' || f.data_type === 'multiuserlookup') out[f.api_name] = null;
    const module = f.associated_module?.module ?? f.subform?.module;
    if (typeof module === 'string' && module !== '' && (f.data_type === 'subform' || f.subform != null)) {
      out[f.api_name] = module;
    }
  }
  return out;
}
