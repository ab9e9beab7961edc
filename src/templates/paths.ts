import type { Path } from './ast';

const SEGMENT = /^(?:[A-Za-z_$][\w$-]*|\d+)$/;
const DATA = new Set(['index', 'first', 'last', 'key']);

/**
 * Reads a variable's path (`a.b.c`, `this`, `this.x`, `../x`, `@index`, `@../index`, `@root.x`), or says what is
 * wrong with it: the message is the parser's error.
 * @example
 * parsePath('../title'); // { depth: 1, root: false, data: null, parts: ['title'], … }
 */
export function parsePath(source: string): Path | string {
  let rest = source;
  let depth = 0;
  let root = false;
  let data: Path['data'] = null;
  const isData = rest.startsWith('@');
  if (isData) rest = rest.slice(1);
  while (rest.startsWith('../')) {
    depth++;
    rest = rest.slice(3);
  }
  if (isData) {
    if (rest === 'root' || rest.startsWith('root.')) {
      if (depth) return `"${source}": @root has no parent`;
      root = true;
      rest = rest.slice(5);
    } else if (DATA.has(rest)) {
      data = rest as Path['data'];
      rest = '';
    } else {
      return `unknown data variable "${source}" (there are @index, @first, @last, @key and @root)`;
    }
  } else if (rest === 'this' || rest === '.') {
    rest = '';
  } else if (rest.startsWith('this.') || rest.startsWith('./')) {
    rest = rest.slice(rest[0] === 't' ? 5 : 2);
  }
  const parts = rest === '' ? [] : rest.split('.');
  if (!parts.every((part) => SEGMENT.test(part))) return `"${source}" is not a variable's path`;
  if (!isData && rest === '' && source !== 'this' && source !== '.' && depth === 0) {
    return `"${source}" is not a variable's path`;
  }
  return { source, depth, root, data, parts };
}

/**
 * One step down a path: an own data property of an object or array, else undefined. Never the prototype chain
 * (`constructor`, `__proto__`, `toString`), never a getter, never a primitive's properties.
 */
export function child(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const property = Object.getOwnPropertyDescriptor(value, name);
  return property && 'value' in property ? property.value : undefined;
}
