import type { NodeTypeView } from '../../../server/http/api-types.ts';
import { toExpressionValue } from '../expressions/expression-strings.ts';
import { type FieldSpec, fieldsFromSchema } from '../forms/schema-fields.ts';

export type NodeCatalog = Map<string, NodeTypeView>;

export function toCatalog(items: NodeTypeView[]): NodeCatalog {
  return new Map(items.map((item) => [item.type, item]));
}

export function paramFields(nodeType: NodeTypeView | undefined): FieldSpec[] {
  if (!nodeType) return [];
  return fieldsFromSchema(nodeType.params, nodeType.expressionParams ?? []);
}

const CATEGORY_ORDER = ['core', 'flow', 'logic', 'data', 'transform', 'http', 'communication', 'messaging', 'crm'];

/** Palette groups: categories in a familiar order, node types sorted by title inside each. */
export function groupByCategory(items: NodeTypeView[]): Array<{ category: string; items: NodeTypeView[] }> {
  const groups = new Map<string, NodeTypeView[]>();
  for (const item of items) {
    const category = item.category || 'other';
    groups.set(category, [...(groups.get(category) ?? []), item]);
  }
  const rank = (category: string) => {
    const index = CATEGORY_ORDER.indexOf(category.toLowerCase());
    return index === -1 ? CATEGORY_ORDER.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, items: [...list].sort((a, b) => a.title.localeCompare(b.title)) }));
}

/**
 * Default parameter values for a freshly dropped step, taken from the schema's `default`s; fields
 * meant to be computed start as an empty expression, which the form opens in Expression mode.
 */
export function defaultParams(nodeType: NodeTypeView): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of paramFields(nodeType)) {
    if (field.defaultValue !== undefined) params[field.name] = field.defaultValue;
    else if (field.startsAsExpression) params[field.name] = toExpressionValue('');
  }
  return params;
}
