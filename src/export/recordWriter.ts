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
  /** Indented for its place below a section element, ending in a newline. */
  readonly xml: string;
  readonly bytes: number;
  readonly lines: number;
};

function isRecord(v: XmlValue): v is XmlRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isAbsent(v: XmlValue): boolean {
  if (v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.every(isAbsent);
  if (isRecord(v)) return Object.values(v).every(isAbsent);
  return false;
}

function text(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

function fill(node: XMLBuilder, model: SchemaModel, decl: ElementDecl, record: XmlRecord, path: string, omitted: Set<string>): void {
  const children = model.childrenOf(decl);
  const declared = new Set<string>();
  for (const child of children) {
    declared.add(child.name);
    const value = record[child.name];
    if (isAbsent(value)) continue;
    const values: readonly XmlValue[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (isAbsent(v)) continue;
      if (isRecord(v)) fill(node.ele(child.name), model, child, v, `${path}/${child.name}`, omitted);
      else if (!Array.isArray(v)) node.ele(child.name).txt(text(v as string | number | boolean));
    }
  }
  for (const [name, value] of Object.entries(record)) {
    if (!declared.has(name) && !isAbsent(value)) omitted.add(`${path}/${name}`);
  }
}

/**
 * `decl` is the record's element (Client, Case, …); `depth` the number of elements it sits inside. Names of
 * values the schema has no place for are added to `omitted` as paths such as `Session/TopicCode`.
 */
export function renderRecord(model: SchemaModel, decl: ElementDecl, record: XmlRecord, depth: number, omitted: Set<string>): RenderedRecord {
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele(decl.name);
  fill(root, model, decl, record, decl.name, omitted);
  const xml = `${root.end({ headless: true, prettyPrint: true, indent: '  ', offset: depth })}\n`;
  let lines = 0;
  for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) lines += 1;
  return { xml, bytes: Buffer.byteLength(xml, 'utf8'), lines };
}
