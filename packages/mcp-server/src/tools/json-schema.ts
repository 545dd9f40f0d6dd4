import { z } from 'zod/v4';
import type { JsonObjectSchema } from '../tool';

/** The JSON Schema that tools/list shows for an args schema (the MCP spec wants no `$schema` there). */
export function jsonSchemaOf(schema: z.ZodObject): JsonObjectSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input' }) as JsonObjectSchema & {
    $schema?: string;
  };
  return json;
}
