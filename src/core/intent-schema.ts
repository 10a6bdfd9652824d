import { Ajv, type ValidateFunction } from 'ajv';
// Bundled as a module (tsc copies it next to the build): validating an intent never reads a file.
import schema from '../../schemas/intent.schema.json' with { type: 'json' };

let compiled: ValidateFunction | undefined;

/** The validator of schemas/intent.schema.json, compiled on first use. Pure (no I/O). */
export function intentSchemaValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return compiled;
}
