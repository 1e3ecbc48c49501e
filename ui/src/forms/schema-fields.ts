// Turns a node type's parameter JSON Schema into the list of fields the node panel renders.
// Node parameter schemas are flat objects, and every field must be switchable to a JSONata
// expression (whose value is a string whatever the field's type), so the form is generated
// here rather than by a general JSON-Schema form library that would validate it by type.

export type FieldKind =
  | 'text'
  | 'multiline'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'keyValue'
  | 'list'
  | 'json'
  | 'jsonata';

export type FieldOption = { value: string | number | boolean; label: string };

export type FieldSpec = {
  name: string;
  label: string;
  description: string | null;
  kind: FieldKind;
  required: boolean;
  defaultValue: unknown;
  options: FieldOption[];
  placeholder: string | null;
  minimum: number | null;
  maximum: number | null;
  /**
   * A fresh step starts this field as an (empty) expression rather than a fixed value: a boolean
   * the schema describes as an expression (the `if` condition) means nothing as a fixed checkbox.
   */
  startsAsExpression: boolean;
};

type JsonSchema = Record<string, unknown>;

const MULTILINE_NAMES = new Set(['body', 'text', 'html', 'message', 'template', 'content', 'description']);

/**
 * A long limit alone does not make prose: titles (GitHub 256), keys, channels and topics
 * (Redis 1024, MQTT 65,535) are single lines with generous limits, and a `pattern` marks a
 * token. Only a limit of message size without a pattern suggests paragraphs.
 */
function isProse(property: JsonSchema): boolean {
  return typeof property.maxLength === 'number' && property.maxLength > 2000 && property.pattern === undefined;
}

export function fieldsFromSchema(schema: JsonSchema | undefined, alwaysJsonata: string[] = []): FieldSpec[] {
  const properties = asRecord(schema?.properties);
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  return Object.entries(properties).map(([name, raw]) => {
    const property = asRecord(raw);
    const kind = alwaysJsonata.includes(name) ? 'jsonata' : fieldKind(name, property);
    return {
      name,
      label: typeof property.title === 'string' ? property.title : humanize(name),
      description: typeof property.description === 'string' ? property.description : null,
      kind,
      required: required.includes(name),
      defaultValue: property.default,
      options: fieldOptions(property),
      placeholder: placeholderOf(property) ?? (kind === 'json' ? jsonPlaceholder(property) : null),
      minimum: typeof property.minimum === 'number' ? property.minimum : null,
      maximum: typeof property.maximum === 'number' ? property.maximum : null,
      startsAsExpression: startsAsExpression(property),
    };
  });
}

export function fieldKind(name: string, property: JsonSchema): FieldKind {
  if (
    property.format === 'jsonata' ||
    property['x-jsonata'] === true ||
    property.contentMediaType === 'application/x-jsonata'
  ) {
    return 'jsonata';
  }
  if (fieldOptions(property).length > 0) return 'enum';
  const types = typesOf(property);
  // A string-or-number (a Telegram chat id: -100123 or @channel) is typed as text: a string
  // satisfies the schema, and a JSON editor would make the user quote "@channel".
  const union = [...types, ...anyOfTypes(property)];
  if (types.length !== 1 && union.includes('string') && union.every((type) => SCALAR_TYPES.includes(type)))
    return 'text';
  if (types.length !== 1) return 'json';
  switch (types[0]) {
    case 'string':
      return property.format === 'textarea' ||
        property['x-multiline'] === true ||
        MULTILINE_NAMES.has(name) ||
        isProse(property)
        ? 'multiline'
        : 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'object':
      return isStringMap(property) ? 'keyValue' : 'json';
    case 'array': {
      const items = asRecord(property.items);
      return typesOf(items).join() === 'string' && fieldOptions(items).length === 0 ? 'list' : 'json';
    }
    default:
      return 'json';
  }
}

export function startsAsExpression(property: JsonSchema): boolean {
  if (property['x-expression'] === true) return true;
  const text = `${typeof property.title === 'string' ? property.title : ''} ${
    typeof property.description === 'string' ? property.description : ''
  }`;
  return typesOf(property).join() === 'boolean' && /\bexpression\b/i.test(text);
}

/** True when a value counts as filled in for a required field. */
export function hasValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

function fieldOptions(property: JsonSchema): FieldOption[] {
  if (Array.isArray(property.enum)) {
    const labels = Array.isArray(property.enumNames) ? (property.enumNames as string[]) : [];
    return (property.enum as Array<string | number | boolean>)
      .filter((value) => value !== null)
      .map((value, index) => ({ value, label: labels[index] ?? String(value) }));
  }
  const alternatives = Array.isArray(property.oneOf)
    ? property.oneOf
    : Array.isArray(property.anyOf)
      ? property.anyOf
      : null;
  if (alternatives?.every((entry) => asRecord(entry).const !== undefined)) {
    return alternatives.map((entry) => {
      const option = asRecord(entry);
      const value = option.const as string | number | boolean;
      return { value, label: typeof option.title === 'string' ? option.title : String(value) };
    });
  }
  return [];
}

function typesOf(property: JsonSchema): string[] {
  const type = property.type;
  const list = Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
  return list.filter((entry) => entry !== 'null');
}

function isStringMap(property: JsonSchema): boolean {
  if (property.properties && Object.keys(asRecord(property.properties)).length > 0) return false;
  // TypeBox's `Type.Record` states its values under `patternProperties`: `Type.Unknown()`
  // values (a Notion property, an Adaptive Card) are objects a row of text cannot hold.
  const patterns = Object.values(asRecord(property.patternProperties));
  if (patterns.length > 0) return patterns.every((schema) => isScalar(asRecord(schema)));
  const additional = property.additionalProperties;
  if (additional === undefined || additional === true) return true;
  const types = typesOf(asRecord(additional));
  return types.length === 0 || isScalar(asRecord(additional));
}

const SCALAR_TYPES = ['string', 'number', 'integer', 'boolean'];

function isScalar(schema: JsonSchema): boolean {
  const types = typesOf(schema);
  return types.length > 0 && types.every((type) => SCALAR_TYPES.includes(type));
}

/** TypeBox writes a union of types (`Type.Union([Type.String(), Type.Integer()])`) as `anyOf`. */
function anyOfTypes(property: JsonSchema): string[] {
  const members = Array.isArray(property.anyOf) ? (property.anyOf as unknown[]) : [];
  return members.flatMap((member) => typesOf(asRecord(member)));
}

const SAMPLE_OF_TYPE: Record<string, string> = {
  array: '[ 1, "two" ]',
  string: '"text"',
  number: '42',
  integer: '42',
  boolean: 'true',
};

/**
 * The JSON editor's hint shows the shape the field takes: an array field (SQL values, a
 * row's cells) or a string-or-number (a chat id) must not suggest an object.
 */
function jsonPlaceholder(property: JsonSchema): string | null {
  const types = [...typesOf(property), ...anyOfTypes(property)];
  if (types.length === 0 || types.includes('object')) return null;
  const samples = types.map((type) => SAMPLE_OF_TYPE[type]).filter(Boolean);
  return samples.length > 0 ? samples.join(' or ') : null;
}

function placeholderOf(property: JsonSchema): string | null {
  if (Array.isArray(property.examples) && property.examples.length > 0) {
    const example = property.examples[0];
    return typeof example === 'string' ? example : JSON.stringify(example);
  }
  return null;
}

export function humanize(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, (_, before: string, upper: string) => `${before} ${upper.toLowerCase()}`)
    .replace(/[_.-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function asRecord(value: unknown): JsonSchema {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : {};
}
