/**
 * Field metadata through the SDK's FieldsOperations: every module the fake holds parses into the
 * SDK's Fields model with Zoho's keys; an unknown module is Zoho's INVALID_MODULE error.
 */
import { equal, ok } from '../lib/check.mjs';
import { objectOf, ZOHO } from '../lib/sdk.mjs';

export const name = 'field metadata (settings/fields, INVALID_MODULE)';

async function fieldsOf(module) {
  const params = new ZOHO.ParameterMap();
  await params.add(ZOHO.Fields.GetFieldsParam.MODULE, module);
  return new ZOHO.Fields.FieldsOperations().getFields(params);
}

export async function run({ counts }) {
  let total = 0;
  for (const module of Object.keys(counts)) {
    const fields = (
      await objectOf(await fieldsOf(module), ZOHO.Fields.ResponseWrapper, `fields of ${module}`)
    ).getFields();
    ok(fields.length > 5, `${module} has fields`);
    for (const field of fields) {
      const label = `${module}.${field.getAPIName()}`;
      ok(/^\d{19}$/.test(String(field.getId())), `${label} id`);
      ok(field.getDataType() && field.getJsonType() && field.getFieldLabel(), `${label} types and label`);
      equal(typeof field.getSystemMandatory(), 'boolean', `${label} system_mandatory`);
      equal(typeof field.getReadOnly(), 'boolean', `${label} read_only`);
    }
    total += fields.length;
  }
  const contacts = (
    await objectOf(await fieldsOf('Contacts'), ZOHO.Fields.ResponseWrapper, 'fields')
  ).getFields();
  const byName = new Map(contacts.map((f) => [f.getAPIName(), f]));
  equal(byName.get('Last_Name')?.getSystemMandatory(), true, 'Contacts.Last_Name system_mandatory');
  equal(byName.get('Account_Name')?.getLookup()?.getModule()?.getAPIName(), 'Accounts', 'lookup module');
  const sources = byName.get('Lead_Source')?.getPickListValues() ?? [];
  ok(
    sources.some((v) => v.getDisplayValue() === 'Trade Show'),
    'Lead_Source pick_list_values',
  );
  // As in Zoho's own samples: a system field says so through operation_type, Owner through field_read_only.
  equal(byName.get('Created_Time')?.getOperationType()?.getAPICreate(), false, 'Created_Time api_create');
  equal(byName.get('Owner')?.getOperationType()?.getAPIUpdate(), true, 'Owner api_update');

  const unknown = await (await fieldsOf('Unknown')).getObject();
  ok(unknown instanceof ZOHO.Fields.APIException, 'unknown module answers APIException');
  equal(unknown.getCode().getValue(), 'INVALID_MODULE', 'unknown module code');
  return `${Object.keys(counts).length} modules, ${total} fields`;
}
