/** Where a tag starts in its template, 1-based, for the errors that name it. */
export interface At {
  line: number;
  column: number;
}

/**
 * A variable's path, resolved against the scopes of the blocks around it: `depth` scopes up (`../`), from the root
 * (`@root.`), or a data variable of a loop (`@index`, `@../key`). `parts` are own-property names, never prototypes.
 */
export interface Path {
  source: string;
  depth: number;
  root: boolean;
  data: 'index' | 'first' | 'last' | 'key' | null;
  parts: string[];
}

export type BlockHelper = 'if' | 'unless' | 'each' | 'with';

export type Node =
  | ({ kind: 'text'; value: string } & At)
  | ({ kind: 'output'; path: Path; raw: boolean } & At)
  | ({ kind: 'block'; helper: BlockHelper; path: Path; body: Node[]; inverse: Node[] | null } & At)
  | ({ kind: 'partial'; name: string; path: Path | null } & At);

/** A parsed template: its nodes, and the partials it names (so a registry can be checked before a render). */
export interface Compiled {
  nodes: Node[];
  partials: string[];
}
