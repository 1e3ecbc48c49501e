type Schema = Record<string, unknown>;

/**
 * A JSON Schema describing a sample payload. Only top-level fields are required: deeper fields
 * are often optional in real webhooks, and a too-strict schema rejects good deliveries.
 */
export function inferSchema(sample: unknown, depth = 0): Schema {
  if (sample === null || sample === undefined) return {};
  if (Array.isArray(sample)) {
    return sample.length > 0 ? { type: 'array', items: inferSchema(sample[0], depth + 1) } : { type: 'array' };
  }
  switch (typeof sample) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: Number.isInteger(sample) ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object': {
      const entries = Object.entries(sample as Record<string, unknown>);
      const schema: Schema = {
        type: 'object',
        properties: Object.fromEntries(entries.map(([key, value]) => [key, inferSchema(value, depth + 1)])),
      };
      if (depth === 0 && entries.length > 0) schema.required = entries.map(([key]) => key);
      return schema;
    }
    default:
      return {};
  }
}
