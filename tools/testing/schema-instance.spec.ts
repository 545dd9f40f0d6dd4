// The JSON values the local model builds from a request's schema.
import Ajv from 'ajv';

const { minimalInstance, violatingInstance } = require('../local-model/schema-instance');

const ajv = new Ajv({ strict: false });

describe('minimalInstance', () => {
  it.each([
    ['string', { type: 'string' }, ''],
    ['string with minLength', { type: 'string', minLength: 3 }, 'xxx'],
    ['integer with minimum', { type: 'integer', minimum: 2.5 }, 3],
    ['number with exclusiveMinimum', { type: 'number', exclusiveMinimum: 1 }, 2],
    ['negative maximum', { type: 'integer', maximum: -4 }, -4],
    ['boolean', { type: 'boolean' }, false],
    ['nullable string', { type: ['null', 'string'] }, ''],
    ['enum', { type: 'string', enum: ['b', 'a'] }, 'b'],
    ['const', { const: 'fixed' }, 'fixed'],
    ['array', { type: 'array', items: { type: 'string' } }, []],
    ['array with minItems', { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2 }, [1, 1]],
    ['anyOf', { anyOf: [{ type: 'number' }, { type: 'string' }] }, 0],
    [
      'allOf of objects',
      {
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { type: 'object', properties: { b: { type: 'boolean' } }, required: ['b'] },
        ],
      },
      { a: '', b: false },
    ],
    [
      'object with only required props',
      { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['b'] },
      { b: '' },
    ],
  ])('%s', (_name, schema, expected) => {
    expect(minimalInstance(schema)).toEqual(expected);
    expect(ajv.validate(schema, expected)).toBe(true);
  });

  it('follows $ref into $defs and definitions', () => {
    const schema = {
      type: 'object',
      properties: { item: { $ref: '#/$defs/item' }, other: { $ref: '#/definitions/other' } },
      required: ['item', 'other'],
      $defs: { item: { type: 'object', properties: { id: { type: 'integer', minimum: 5 } }, required: ['id'] } },
      definitions: { other: { type: 'string', enum: ['x'] } },
    };
    expect(minimalInstance(schema)).toEqual({ item: { id: 5 }, other: 'x' });
  });

  it('says why it cannot build an instance', () => {
    expect(() => minimalInstance({ $ref: 'https://example.com/s.json' })).toThrow(/non-local \$ref/);
    expect(() => minimalInstance({ $ref: '#/$defs/missing' })).toThrow(/points at nothing/);
    const recursive = { type: 'object', properties: { next: { $ref: '#' } }, required: ['next'] };
    expect(() => minimalInstance(recursive)).toThrow(/deeper than 32 levels/);
  });
});

describe('violatingInstance', () => {
  it('drops the first required property, or picks the wrong type', () => {
    const objectSchema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a', 'b'],
    };
    expect(violatingInstance(objectSchema)).toEqual({ b: 0 });
    expect(ajv.validate(objectSchema, violatingInstance(objectSchema))).toBe(false);
    for (const schema of [
      { type: 'array', items: { type: 'string' } },
      { type: 'integer' },
      { type: 'object', properties: {} },
    ]) {
      expect(ajv.validate(schema, violatingInstance(schema))).toBe(false);
    }
  });
});
