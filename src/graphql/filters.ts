import type { Field } from '../types/fields';
import type { Builder } from '../types/builder';

type Scalar = 'String' | 'Int' | 'Float' | 'DateTime' | 'ID';

/** The shared enums and per-type filter inputs of the contract; per-enum filters are made on demand. */
export function createFilters(builder: Builder) {
  builder.enumType('SortOrder', { values: ['asc', 'desc'] as const });
  builder.enumType('QueryMode', { values: ['default', 'insensitive'] as const });
  builder.enumType('ContentStatus', { values: ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const });

  const comparable = (name: string, type: Scalar, strings = false) =>
    builder.inputType(name, {
      fields: (t) => ({
        equals: t.field({ type }),
        not: t.field({ type }),
        in: t.field({ type: [type] }),
        notIn: t.field({ type: [type] }),
        ...(type === 'ID'
          ? {}
          : { lt: t.field({ type }), lte: t.field({ type }), gt: t.field({ type }), gte: t.field({ type }) }),
        ...(strings
          ? {
              contains: t.string(),
              startsWith: t.string(),
              endsWith: t.string(),
              mode: t.field({
                type: 'QueryMode' as never,
                description: 'insensitive: compare Unicode case-folded text (ü = Ü, ß = SS, İ = i)',
              }),
            }
          : {}),
        isNull: t.boolean({ description: 'true: only items without a value; false: only items with one' }),
      }),
    });

  const filters: Record<string, unknown> = {
    string: comparable('StringFilter', 'String', true),
    int: comparable('IntFilter', 'Int'),
    float: comparable('FloatFilter', 'Float'),
    datetime: comparable('DateTimeFilter', 'DateTime'),
    id: comparable('IDFilter', 'ID'),
    boolean: builder.inputType('BooleanFilter', {
      fields: (t) => ({ equals: t.boolean(), not: t.boolean(), isNull: t.boolean() }),
    }),
    json: builder.inputType('JSONFilter', { fields: (t) => ({ isNull: t.boolean() }) }),
  };

  const enumFilter = (enumName: string) =>
    (filters[`enum:${enumName}`] ??= builder.inputType(`${enumName}Filter`, {
      fields: (t) => ({
        equals: t.field({ type: enumName as never }),
        not: t.field({ type: enumName as never }),
        in: t.field({ type: [enumName as never] }),
        notIn: t.field({ type: [enumName as never] }),
        isNull: t.boolean(),
      }),
    }));
  enumFilter('ContentStatus');

  return {
    /** The filter input of a stored field, or undefined for fields that can't be filtered. */
    forField(field: Field, enumName?: string) {
      if (field.kind.filter === 'enum') return enumFilter(enumName!);
      return field.kind.filter ? filters[field.kind.filter] : undefined;
    },
    id: filters.id,
    datetime: filters.datetime,
    int: filters.int,
    status: enumFilter('ContentStatus'),
  };
}

export type Filters = ReturnType<typeof createFilters>;
