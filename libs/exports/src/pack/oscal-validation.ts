import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import assessmentResultsSchema from '../../oscal-schemas/oscal_assessment-results_schema.json';
import mappingSchema from '../../oscal-schemas/oscal_mapping_schema.json';

/** The OSCAL models a pack holds, by the root key of their JSON documents. */
export type OscalModel = 'assessment-results' | 'mapping-collection';

let validators: Record<OscalModel, ValidateFunction> | null = null;

/**
 * The official NIST OSCAL 1.2.1 JSON schemas (draft-07), compiled once per process. `strict: false`
 * because they use keywords Ajv's strict mode rejects (titles on `$ref`, `$comment`); Ajv's default
 * `unicodeRegExp: true` is kept for their `\p{L}` patterns; ajv-formats checks `date-time`, `uri` and
 * `uri-reference`.
 */
function compiled(): Record<OscalModel, ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validators = {
      'assessment-results': ajv.compile(assessmentResultsSchema),
      'mapping-collection': ajv.compile(mappingSchema),
    };
  }
  return validators;
}

/** The model a document claims to be, from its single root key, or null. */
export function oscalModelOf(document: unknown): OscalModel | null {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return null;
  const keys = Object.keys(document);
  if (keys.length !== 1) return null;
  return keys[0] === 'assessment-results' || keys[0] === 'mapping-collection' ? keys[0] : null;
}

/** Every schema violation of `document` as "<JSON pointer> <message>", or an empty list when it is valid. */
export function oscalSchemaErrors(document: unknown): string[] {
  const model = oscalModelOf(document);
  if (!model) return ['/ must hold exactly one of "assessment-results" or "mapping-collection"'];
  const validate = compiled()[model];
  if (validate(document)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const detail = error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${detail}`;
}

/** An OSCAL document that does not validate: the pack is never written with it. */
export class InvalidOscalDocument extends Error {
  constructor(
    readonly path: string,
    readonly errors: string[],
  ) {
    super(
      `${path} is not valid OSCAL 1.2.1 (${errors.length} error${errors.length === 1 ? '' : 's'}): ${errors
        .slice(0, 20)
        .join('; ')}`,
    );
    this.name = 'InvalidOscalDocument';
  }
}

export function assertValidOscal(path: string, document: unknown): void {
  const errors = oscalSchemaErrors(document);
  if (errors.length) throw new InvalidOscalDocument(path, errors);
}
