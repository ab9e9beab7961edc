import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

// RFC 3339 date-time with a required offset: what every client library emits, and unambiguous.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !ISO.test(value))
    throw new GraphQLError('DateTime must be an ISO 8601 string with a time zone, e.g. 2026-01-31T12:00:00Z');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`"${value}" is not a valid DateTime`);
  return date;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An ISO 8601 date-time with a time zone; always returned in UTC as RFC 3339, e.g. `2026-01-31T12:00:00.000Z`. ' +
    'Typed clients map it to a string.',
  // What a response carries; as input the seconds may be left out (`2026-01-31T12:00Z`).
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDate(ast.value);
  },
});

function literal(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new GraphQLError('JSON cannot represent an enum value');
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value. Rich-text fields hold an object or an array (the editor’s document).',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc8259',
  // Values arrive decoded (json-mode columns parse their text), so a string here is a JSON string: parsing it again
  // would turn the string "[1]" into an array, and throw on a string such as "{draft".
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literal,
});
