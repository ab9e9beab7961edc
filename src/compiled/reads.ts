// Compiled reads: an operation made only of collection reads, compiled once per document into one SQL statement whose
// columns are each root field's JSON, so a miss costs the statement and a copy of its bytes, not a walk of every
// field of every row in JavaScript. Anything the compiler does not cover goes the way it always went.
import {
  type DocumentNode,
  type FieldNode,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  validate,
  visit,
} from 'graphql';
import { BoundedMemo } from '../cache/bounded-memo';
import type { Access } from '../permissions/access';
import type { Cms } from '../types/cms';
import { type ConnectionPlan, NotCovered, type ObjectPlan, type OperationPlan, planOperation } from './plan';
import { Statement } from './statement';
import { cursorMark, FALLBACK_JSON, tagMark } from './values';
import { encodeBase64, encodeCursorChunk, encodeCursorTuple } from '@pothos/core';

/** What a compiled read answers: the response's `data` as JSON text, and the cache tags of what it holds. */
export interface CompiledRead {
  /** `JSON.stringify(data)` of the same read through the resolvers, byte for byte. */
  data: string;
  /** The tags the resolvers' tagging gives the same response (items, their types, lists), or more. */
  tags: Set<string>;
  /** The response keys of the root fields that are null (a single item not found: its absence is tagged). */
  nulls: string[];
}

/** One read to run compiled, by a caller whose access is known. */
export interface CompiledRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  access: Access;
  /** The binding the statements run on (a cache-filling miss reads the primary). */
  db: D1Database;
}

let cursorPattern: RegExp | undefined;

/**
 * Turns the statement's cursor markers (the kinds of the order's keys and their raw values) into cursors as
 * @pothos/plugin-drizzle writes them: dates and booleans as such, one key as a chunk, several as a tuple.
 */
function writeCursors(data: string): string {
  if (!data.includes('\\u0002')) return data;
  const nonce = cursorMark().slice(1);
  cursorPattern ??= new RegExp(`"\\\\u0002${nonce}([a-z]*)\\|((?:[^"\\\\]|\\\\.)*)"`, 'g');
  return data.replace(cursorPattern, (_match, kinds: string, escaped: string) => {
    const raw = JSON.parse(JSON.parse(`"${escaped}"`)) as unknown[];
    const values = raw.map((value, i) => {
      if (value === null) return null;
      if (kinds[i] === 'd') return new Date(value as number);
      if (kinds[i] === 'b') return value === 1;
      return value;
    });
    const chunk = values.length === 1 ? encodeCursorChunk(values[0]) : encodeCursorTuple(values);
    return JSON.stringify(encodeBase64(`DC:${chunk}`));
  });
}

/**
 * Takes the items' tags out of a compiled answer: each object's first key is the tag mark, with the item's tag
 * (`"\u0003…":"Post:42",`), removed from the JSON and added to `tags`.
 */
function takeTags(json: string, tags: Set<string>): string {
  const mark = `"\\u0003${tagMark().slice(1)}":"`;
  let at = json.indexOf(mark);
  if (at < 0) return json;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const start = at + mark.length;
    // The tag ends at the first quote not escaped by a backslash (an odd run of them).
    let end = json.indexOf('"', start);
    for (;;) {
      if (end < 0) throw new Error('a compiled answer with an unterminated tag');
      let slashes = 0;
      while (json[end - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) break;
      end = json.indexOf('"', end + 1);
    }
    if (json[end + 1] !== ',') throw new Error('a compiled answer with a tag out of place');
    const tag = json.slice(start, end);
    tags.add(tag.includes('\\') ? (JSON.parse(`"${tag}"`) as string) : tag);
    // The mark, the tag and the comma after it go.
    out += json.slice(from, at);
    from = end + 2;
    at = json.indexOf(mark, from);
  }
  return out + json.slice(from);
}

/** A document's plans, by operation name and condition values; null where nothing is compiled. */
interface Compiled {
  document: DocumentNode | null;
  /** The variables `@skip`/`@include` read: a plan is made for each set of their values. */
  conditions: string[];
  plans: Map<string, { plan: OperationPlan; types: string[] } | null>;
}

// Documents compiled per isolate: bounded by count and by the length of their text.
const MAX_DOCUMENTS = 500;
const MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;
// Plans per document (operations and the values of their conditions): a flood of conditions costs no more.
const MAX_PLANS = 16;

/** The object types a plan's answer can hold: what the resolvers' tagging notes for each (see `tagEntities`). */
function typesOf(plan: OperationPlan): string[] {
  const types = new Set<string>();
  const object = (o: ObjectPlan) => {
    types.add(o.collection.names.type);
    for (const s of o.selections) {
      if (s.kind === 'toOne') object(s.object);
      if (s.kind === 'toMany') connection(s.connection);
    }
  };
  const connection = (c: ConnectionPlan) => {
    types.add(c.collection.names.connection);
    for (const part of c.parts) {
      if (part.kind === 'nodes') object(part.object);
      if (part.kind === 'edges') {
        types.add(part.typename);
        if (part.parts.some((p) => p.kind === 'node')) object(part.object);
      }
      if (part.kind === 'pageInfo') types.add('PageInfo');
    }
  };
  for (const root of plan.roots) {
    if (root.kind === 'list') connection(root.connection);
    if (root.kind === 'one') object(root.object);
  }
  return [...types];
}

/** The variables the directives of a document read. */
function conditionsOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(node) {
      for (const argument of node.arguments ?? [])
        if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names];
}

/** The root fields of a read, each as the JSON text of its value (compiled) or left to the resolvers. */
export interface CompiledRoots {
  /** In the response's order. */
  fields: Array<{ key: string; json: string } | { key: string; nodes: FieldNode[] }>;
  tags: Set<string>;
}

/**
 * The compiled reads of a built CMS.
 * @example
 * const compiled = createCompiledReads(cms);
 * if (compiled.covers(query)) await compiled.run({ query, variables, access, db: env.DB });
 */
export function createCompiledReads(cms: Cms) {
  const texts = new BoundedMemo<Compiled>(MAX_DOCUMENTS, MAX_DOCUMENT_CHARS);
  // Documents the pipeline parsed and validated (Yoga keeps one object per document text).
  const documents = new WeakMap<DocumentNode, Compiled>();

  function ofText(query: string): Compiled {
    const known = texts.get(query);
    if (known) return known;
    let entry: Compiled = { document: null, conditions: [], plans: new Map() };
    try {
      const parsed = parse(query, { noLocation: true });
      if (validate(cms.schema, parsed).length === 0)
        entry = { document: parsed, conditions: conditionsOf(parsed), plans: new Map() };
    } catch {
      // Not a document: the pipeline answers it.
    }
    return texts.set(query, entry);
  }

  function ofDocument(document: DocumentNode): Compiled {
    let entry = documents.get(document);
    if (!entry) documents.set(document, (entry = { document, conditions: conditionsOf(document), plans: new Map() }));
    return entry;
  }

  /** The plan of an operation; with `variables` (coerced) for a document whose directives read some. */
  function planFor(entry: Compiled, operationName?: string | null, variables?: Record<string, unknown>) {
    if (!entry.document) return null;
    const values = entry.conditions.map((name) => variables?.[name] ?? null);
    const name = `${operationName ?? ''}|${JSON.stringify(values)}`;
    let plan = entry.plans.get(name);
    if (plan === undefined) {
      if (entry.plans.size >= MAX_PLANS) return null;
      try {
        const planned = planOperation(cms, cms.schema, entry.document, operationName, variables ?? {});
        plan = planned.roots.some((root) => root.kind !== 'resolvers')
          ? { plan: planned, types: typesOf(planned) }
          : null;
      } catch (error) {
        if (!(error instanceof NotCovered)) throw error;
        plan = null;
      }
      entry.plans.set(name, plan);
    }
    return plan;
  }

  /** Runs the compiled root fields of an operation in one statement; undefined when any is refused. */
  async function execute(
    entry: Compiled,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
    access: Access,
    db: D1Database,
  ): Promise<CompiledRoots | undefined> {
    const operation = entry.document && getOperationAST(entry.document, operationName);
    if (!operation) return undefined;
    const coerced = getVariableValues(cms.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return undefined;
    const planned = planFor(entry, operationName, coerced.coerced);
    if (!planned) return undefined;
    const { plan, types } = planned;
    const statement = new Statement(cms, access, coerced.coerced);
    const columns: string[] = [];
    try {
      await access.load();
      for (const root of plan.roots) {
        if (root.kind === 'typename' || root.kind === 'resolvers') continue;
        columns.push(await statement.root(root));
      }
    } catch {
      // Anything refused (a rule, an argument, a stage) is the resolvers' to answer, with their error.
      return undefined;
    }
    let values: unknown[] = [];
    if (columns.length) {
      const sql = `SELECT ${columns.map((column, i) => `${column} AS c${i}`).join(', ')}`;
      try {
        const rows = await db
          .prepare(sql)
          .bind(...statement.params)
          .raw();
        values = rows[0] ?? [];
      } catch {
        // A statement D1 refuses (a stored value SQLite can't read as JSON): the resolvers answer.
        return undefined;
      }
    }
    const tags = new Set(types);
    const fields: CompiledRoots['fields'] = [];
    let column = 0;
    for (const root of plan.roots) {
      if (root.kind === 'resolvers') {
        fields.push({ key: root.key, nodes: root.nodes });
        continue;
      }
      if (root.kind === 'typename') {
        fields.push({ key: root.key, json: '"Query"' });
        continue;
      }
      const text = values[column++] as string | null;
      const json = text === null ? null : takeTags(text, tags);
      if (json?.includes(FALLBACK_JSON)) return undefined;
      try {
        fields.push({ key: root.key, json: json === null ? 'null' : writeCursors(json) });
      } catch {
        return undefined;
      }
    }
    return { fields, tags };
  }

  return {
    /** Whether every root field of the operation is one the compiler covers (decided once per document). */
    covers(query: string, operationName?: string | null): boolean {
      const entry = ofText(query);
      if (!entry.document) return false;
      // A document whose conditions decide what it reads is decided per request, in `run`.
      if (entry.conditions.length > 0) return true;
      return planFor(entry, operationName)?.plan.roots.every((root) => root.kind !== 'resolvers') ?? false;
    },

    /**
     * Runs a read whose every root field is compiled: the response's `data` as JSON text. Undefined when this request
     * can't take the compiled path (a variable value, a rule or an argument it does not cover, anything that would be
     * an error): the pipeline then answers it, errors included.
     */
    async run({ query, operationName, variables, access, db }: CompiledRequest): Promise<CompiledRead | undefined> {
      const roots = await execute(ofText(query), operationName, variables, access, db);
      if (!roots || roots.fields.some((field) => !('json' in field))) return undefined;
      const entries = roots.fields.map((field) => `${JSON.stringify(field.key)}:${(field as { json: string }).json}`);
      const data = `{${entries.join(',')}}`;
      const nulls = roots.fields.flatMap((field) => ('json' in field && field.json === 'null' ? [field.key] : []));
      return { data, tags: roots.tags, nulls };
    },

    /**
     * The pipeline's: runs the compiled root fields of a parsed, validated document, and names the ones left to the
     * resolvers. Undefined when nothing is compiled, or when this request can't take the compiled path.
     */
    runDocument(
      request: Omit<CompiledRequest, 'query'> & { document: DocumentNode },
    ): Promise<CompiledRoots | undefined> {
      return execute(
        ofDocument(request.document),
        request.operationName,
        request.variables,
        request.access,
        request.db,
      );
    },
  };
}

export type CompiledReads = ReturnType<typeof createCompiledReads>;
