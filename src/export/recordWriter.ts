/**
 * Writes one record (a client, a case, a session, an assessment) as XML with xmlbuilder2, its children in the
 * order the schema's sequences give. Elements the schema does not declare are left out and reported, so a
 * value recorded for a field that only a newer DSS schema has is never written into a file that an older one
 * would reject. Empty optional values are omitted rather than written empty; booleans are `true`/`false`.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { XmlRecord, XmlValue } from './dexMapping';
import type { ElementDecl, SchemaModel } from './xsdModel';

export type RenderedRecord = {
  /** On one line, indented for its place below a section element, ending in a newline. */
  readonly xml: string;
  readonly bytes: number;
  readonly lines: number;
};

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

function fill(node: XMLBuilder, model: SchemaModel, decl: ElementDecl, record: XmlRecord, path: string, omitted: Set<string>): void {
  const { children, declared } = shapeOf(model, decl);
  for (const child of children) {
    const value = record[child.name];
    if (isAbsent(value)) continue;
    const values: readonly XmlValue[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (isAbsent(v)) continue;
      if (isRecord(v)) fill(node.ele(child.name), model, child, v, `${path}/${child.name}`, omitted);
      else if (!Array.isArray(v)) node.ele(child.name).txt(text(v as string | number | boolean));
    }
  }
  for (const name in record) {
    if (!declared.has(name) && !isAbsent(record[name])) omitted.add(`${path}/${name}`);
  }
}

/**
 * `decl` is the record's element (Client, Case, …); `depth` the number of elements it sits inside. Names of
 * values the schema has no place for are added to `omitted` as paths such as `Session/TopicCode`.
 */
export function renderRecord(model: SchemaModel, decl: ElementDecl, record: XmlRecord, depth: number, omitted: Set<string>): RenderedRecord {
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele(decl.name);
  fill(root, model, decl, record, decl.name, omitted);
  // One record per line: a file of 10 MB is a third smaller than pretty-printed, so it is written and checked
  // faster, and a validator's line number still leads straight to the record.
  const xml = `${'  '.repeat(depth)}${root.end({ headless: true, prettyPrint: false })}\n`;
  return { xml, bytes: Buffer.byteLength(xml, 'utf8'), lines: 1 };
}
