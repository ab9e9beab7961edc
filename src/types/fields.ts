import type { SQLiteColumnBuilder } from 'drizzle-orm/sqlite-core';

type SQLiteColumnBuilderBase = SQLiteColumnBuilder<any, any>;

/**
 * A field readable only by some roles: `true` means admin and editor, `{ read: [...] }` names the roles (admin can
 * always read). Anyone else gets `null` and can't filter or order by the field.
 * @example
 * email: email({ private: true }),
 * notes: textarea({ private: { read: ['editor', 'reviewer'] } }),
 */
export type PrivateOption = boolean | { read: readonly string[] };

/** Options every stored field accepts. `default` is written to the column's SQL DEFAULT too. */
export interface BaseFieldOptions<T> {
  /** A value must be given on create and can't be set to null. */
  required?: boolean;
  /** A unique index; the field becomes usable in `WhereUniqueInput`. */
  unique?: boolean;
  /** A plain index, for fields that are filtered or sorted on often. */
  index?: boolean;
  /** Readable only by some roles; see `PrivateOption`. */
  private?: PrivateOption;
  default?: T;
  description?: string;
}

export interface TextOptions extends BaseFieldOptions<string> {
  minLength?: number;
  maxLength?: number;
  /** A regular expression (source string or RegExp) the whole value must match. */
  pattern?: string | RegExp;
}

export interface NumberOptions extends BaseFieldOptions<number> {
  min?: number;
  max?: number;
}

export interface DateTimeOptions extends BaseFieldOptions<string | Date> {
  min?: string | Date;
  max?: string | Date;
}

export interface SelectOptions<V extends string = string> extends BaseFieldOptions<V> {
  /** Allowed values; each must be a valid GraphQL enum value name. */
  options: readonly V[];
}

export interface SlugOptions extends TextOptions {
  /** The field a slug is derived from when none is given. */
  from?: string;
}

export type JsonOptions = BaseFieldOptions<unknown>;

export interface RelationOptions {
  /** The related collection's name, e.g. `'Author'`. */
  to: string;
  /** To-many (a join table) instead of to-one (a foreign-key column). */
  many?: boolean;
  required?: boolean;
  index?: boolean;
  private?: PrivateOption;
  description?: string;
}

export interface ReverseOptions {
  /** The collection whose relation field points here, e.g. `'Post'`. */
  from: string;
  /** That relation field's name, e.g. `'author'`. */
  field: string;
  private?: PrivateOption;
  description?: string;
}

type Def<K extends string, O> = { type: K } & O;

export type FieldDefinition =
  | Def<'text' | 'textarea' | 'email' | 'url', TextOptions>
  | Def<'slug', SlugOptions>
  | Def<'richText' | 'json', JsonOptions>
  | Def<'integer' | 'float', NumberOptions>
  | Def<'boolean', BaseFieldOptions<boolean>>
  | Def<'datetime', DateTimeOptions>
  | Def<'select', SelectOptions>
  | Def<'relation', RelationOptions>
  | Def<'reverse', ReverseOptions>;

export type FieldKind = FieldDefinition['type'];

/** Which filter input type a field's `where` entry takes. */
export type FilterKind = 'string' | 'int' | 'float' | 'boolean' | 'datetime' | 'enum' | 'json';

/** A field once the config is built: its definition plus where it lives. */
export interface Field {
  name: string;
  /** The SQL column; relations to many and reverse relations have none. */
  column: string;
  def: FieldDefinition;
  kind: FieldType;
}

/** A problem with one value, before its path is known. */
export interface ValueProblem {
  code: string;
  message: string;
}

/**
 * One field type, all of it: the column it is stored in and every GraphQL part of it, so the database and the
 * API cannot drift apart (CONVENTIONS §2). Relations are wired by the schema builder and only use `validate`.
 */
export interface FieldType {
  /** The Drizzle column; undefined for fields that own no column. */
  column?(field: Field): SQLiteColumnBuilderBase;
  /** GraphQL scalar used for output and input; `enum` types are built per field. */
  scalar?: 'String' | 'Int' | 'Float' | 'Boolean' | 'DateTime' | 'JSON';
  filter?: FilterKind;
  orderable: boolean;
  /** Checks the definition itself; throws CmsConfigError. */
  check?(field: Field, collection: string): void;
  /** Checks a non-null input value; returns the first problem. */
  validate?(value: unknown, field: Field): ValueProblem | undefined;
  /** Turns an input value into what the column stores (after validation). */
  toDb?(value: unknown): unknown;
}
