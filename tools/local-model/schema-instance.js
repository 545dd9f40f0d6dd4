'use strict';
// Builds JSON values from a JSON Schema: the smallest instance that fits it, and one that breaks it.
// Covers what strict Responses API schemas use (object/array/string/number/integer/boolean/null,
// enum, const, $ref to #/$defs or #/definitions, anyOf/oneOf/allOf, type arrays, min* bounds).

/** @typedef {Record<string, any>} JsonSchema */

const MAX_DEPTH = 32;

/**
 * @param {JsonSchema} root
 * @param {string} ref
 * @returns {JsonSchema}
 */
function resolveRef(root, ref) {
  if (!ref.startsWith('#'))
    throw new Error(`local-model: cannot resolve non-local $ref "${ref}"; only "#/..." references are supported`);
  const parts = ref
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  /** @type {any} */
  let node = root;
  for (const part of parts) {
    node = node == null ? undefined : node[part];
  }
  if (node === undefined) throw new Error(`local-model: $ref "${ref}" points at nothing in the request's schema`);
  return node;
}

/**
 * The first non-"null" entry of a schema's `type` (a string or an array of strings).
 * @param {JsonSchema} schema
 * @returns {string | undefined}
 */
function primaryType(schema) {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (typeof type === 'string') return type;
  if (schema.properties || schema.required) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/**
 * @param {JsonSchema} schema
 * @returns {number}
 */
function minimalNumber(schema, integer = false) {
  if (typeof schema.minimum === 'number') return integer ? Math.ceil(schema.minimum) : schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number')
    return integer ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number' && schema.maximum < 0)
    return integer ? Math.floor(schema.maximum) : schema.maximum;
  return 0;
}

/**
 * The smallest instance of `schema`: objects with their required properties, arrays with
 * minItems elements, strings "" (or minLength "x"), numbers at their minimum or 0, first enum value.
 * @param {JsonSchema | boolean | undefined} schema
 * @param {JsonSchema} [root]
 * @param {number} [depth]
 * @returns {any}
 */
function minimalInstance(schema, root, depth = 0) {
  if (schema === true || schema === undefined || schema === null) return {};
  if (schema === false) throw new Error('local-model: the schema is `false`, no instance can fit it');
  const top = root ?? schema;
  if (depth > MAX_DEPTH)
    throw new Error('local-model: the schema nests deeper than 32 levels (a recursive $ref with required fields?)');
  if (schema.$ref) return minimalInstance(resolveRef(top, schema.$ref), top, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return minimalInstance(schema.anyOf[0], top, depth + 1);
  if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) return minimalInstance(schema.oneOf[0], top, depth + 1);
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const merged = schema.allOf.map((part) => minimalInstance(part, top, depth + 1));
    if (merged.every((v) => v && typeof v === 'object' && !Array.isArray(v))) return Object.assign({}, ...merged);
    return merged[0];
  }
  switch (primaryType(schema)) {
    case 'object': {
      /** @type {Record<string, any>} */
      const value = {};
      const properties = schema.properties ?? {};
      for (const key of schema.required ?? []) value[key] = minimalInstance(properties[key], top, depth + 1);
      return value;
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, (_, i) =>
        minimalInstance(
          Array.isArray(schema.prefixItems) && schema.prefixItems[i] ? schema.prefixItems[i] : schema.items,
          top,
          depth + 1,
        ),
      );
    }
    case 'string':
      return 'x'.repeat(typeof schema.minLength === 'number' ? schema.minLength : 0);
    case 'integer':
      return minimalNumber(schema, true);
    case 'number':
      return minimalNumber(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/**
 * Valid JSON that does not fit `schema`: the minimal instance without its first required
 * property, or a value of the wrong type when nothing is required.
 * @param {JsonSchema | undefined} schema
 * @returns {any}
 */
function violatingInstance(schema) {
  if (!schema || typeof schema !== 'object') return { unexpected: true };
  const resolved = schema.$ref ? resolveRef(schema, schema.$ref) : schema;
  const instance = minimalInstance(resolved, schema);
  if (
    instance &&
    typeof instance === 'object' &&
    !Array.isArray(instance) &&
    Array.isArray(resolved.required) &&
    resolved.required.length > 0
  ) {
    delete instance[resolved.required[0]];
    return instance;
  }
  return primaryType(resolved) === 'number' || primaryType(resolved) === 'integer' ? 'not a number' : 42;
}

module.exports = { minimalInstance, violatingInstance };
