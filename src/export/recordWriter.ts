/**
 * Writes one record (a client, a case, a session, an assessment) as XML, its children in the order the
 * schema's sequences give. Elements the schema does not declare are left out and reported, so a value recorded
 * for a field that only a newer DSS schema has is never written into a file that an older one would reject.
 * Empty optional values are omitted rather than written empty; booleans are `true`/`false`.
 *
 * The XML text comes from fast-xml-parser's builder (which escapes text), fed a tree whose keys are already in
 * schema order. xmlbuilder2 did the same job through a full DOM per record: 0.6 ms for a session of twelve
 * participants, which was most of a 2,000-case-file export; this builder takes about a twelfth of that.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { XmlRecord, XmlValue } from './dexMapping';
import type { ElementDecl, SchemaModel } from './xsdModel';

export type RenderedRecord = {
  /** On one line, indented for its place below a section element, ending in a newline. */
  readonly xml: string;
  readonly bytes: number;
  readonly lines: number;
};

/** Element names never start with '@_' or equal '#text', so every key is written as an element. */
const builder = new XMLBuilder({ format: false, processEntities: true, suppressEmptyNode: false });

/** A record's children in schema order: scalars as text, lists as repeated elements. */
type Ordered = { [element: string]: string | Ordered | (string | Ordered)[] };

function isRecord(v: XmlValue): v is XmlRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Shallow on purpose: the mapping gives `undefined` rather than an empty record or list, so a record or a
 * non-empty list is present; walking whole subtrees here made deep records cost far more than writing them.
 */
function isAbsent(v: XmlValue): boolean {
  return v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function text(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

type Shape = { readonly children: readonly ElementDecl[]; readonly declared: ReadonlySet<string> };
const shapes = new WeakMap<ElementDecl, Shape>();

/** A declaration's children and their names, worked out once per declaration rather than once per record. */
function shapeOf(model: SchemaModel, decl: ElementDecl): Shape {
  let shape = shapes.get(decl);
  if (!shape) {
    const children = model.childrenOf(decl);
    shape = { children, declared: new Set(children.map((c) => c.name)) };
    shapes.set(decl, shape);
  }
  return shape;
}

function one(model: SchemaModel, child: ElementDecl, v: XmlValue, path: string, omitted: Set<string>): string | Ordered | undefined {
  if (isAbsent(v) || Array.isArray(v)) return undefined;
  return isRecord(v) ? order(model, child, v, `${path}/${child.name}`, omitted) : text(v as string | number | boolean);
}

function order(model: SchemaModel, decl: ElementDecl, record: XmlRecord, path: string, omitted: Set<string>): Ordered {
  const { children, declared } = shapeOf(model, decl);
  const out: Ordered = {};
  for (const child of children) {
    const value = record[child.name];
    if (isAbsent(value)) continue;
    if (Array.isArray(value)) {
      const items: (string | Ordered)[] = [];
      for (const v of value as readonly XmlValue[]) {
        const item = one(model, child, v, path, omitted);
        if (item !== undefined) items.push(item);
      }
      if (items.length > 0) out[child.name] = items;
    } else {
      const item = one(model, child, value, path, omitted);
      if (item !== undefined) out[child.name] = item;
    }
  }
  for (const name in record) {
    if (!declared.has(name) && !isAbsent(record[name])) omitted.add(`${path}/${name}`);
  }
  return out;
}

/**
 * `decl` is the record's element (Client, Case, …); `depth` the number of elements it sits inside. Names of
 * values the schema has no place for are added to `omitted` as paths such as `Session/TopicCode`.
 */
export function renderRecord(model: SchemaModel, decl: ElementDecl, record: XmlRecord, depth: number, omitted: Set<string>): RenderedRecord {
  const tree = { [decl.name]: order(model, decl, record, decl.name, omitted) };
  // One record per line: a file of 10 MB is a third smaller than pretty-printed, so it is written and checked
  // faster, and a validator's line number still leads straight to the record.
  const xml = `${'  '.repeat(depth)}${builder.build(tree) as string}\n`;
  return { xml, bytes: Buffer.byteLength(xml, 'utf8'), lines: 1 };
}
