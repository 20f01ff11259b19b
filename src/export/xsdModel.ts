/**
 * The shape of a DEX upload file as the schema in use declares it: for each element, its children in the order
 * the schema's sequences give. The exporter writes elements in this order and leaves out any the schema does
 * not declare, so a newer DSS schema (with elements added after 2015 in positions not published anywhere) is
 * used by pointing DEX_SCHEMA_FILE at it, without a code change.
 *
 * Read with fast-xml-parser in order-preserving mode, because a sequence's order is the whole point.
 */
import { XMLParser } from 'fast-xml-parser';

export type ElementDecl = {
  readonly name: string;
  /** Named type (`Client`, `NonEmptyString`, `xs:boolean`) when the element refers to one. */
  readonly typeName: string | undefined;
  readonly minOccurs: number;
  readonly maxOccurs: number;
  /** Children of an anonymous complex type declared inside the element. */
  readonly inlineChildren: readonly ElementDecl[] | undefined;
};

export type SchemaModel = {
  readonly rootName: string;
  /** Top-level sections the root allows (Clients, Cases, …), in declared order. */
  readonly sections: readonly ElementDecl[];
  /** How many sections one file may hold: the root choice's maxOccurs (5 in the 2015 schema). */
  readonly maxSectionsPerFile: number;
  /** Child declarations of an element, in schema order; empty for simple content. */
  childrenOf(decl: ElementDecl): readonly ElementDecl[];
  /** The declaration reached by a path of element names below the root, e.g. ['Clients', 'Client', 'Slk']. */
  find(path: readonly string[]): ElementDecl | undefined;
};

export class SchemaReadError extends Error {
  override readonly name = 'SchemaReadError';
}

/** One node of fast-xml-parser's order-preserving output: `{ 'xs:element': [...children], ':@': {attrs} }`. */
type OrderedNode = Record<string, unknown>;

const ATTRS = ':@';

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ATTRS);
}

function childrenNodes(node: OrderedNode): OrderedNode[] {
  const tag = tagOf(node);
  const value = tag ? node[tag] : undefined;
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
}

function attr(node: OrderedNode, name: string): string | undefined {
  const attrs = node[ATTRS] as Record<string, string> | undefined;
  return attrs?.[name];
}

/** `xs:sequence` → `sequence`, whatever prefix the schema binds to the XML Schema namespace. */
function localName(tag: string | undefined): string {
  if (!tag) return '';
  const colon = tag.indexOf(':');
  return colon === -1 ? tag : tag.slice(colon + 1);
}

function occurs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return Number.POSITIVE_INFINITY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new SchemaReadError(`occurrence "${value}" is not a whole number`);
  return n;
}

/** Drops a namespace prefix from a type reference so `xs:boolean` and `tns:Client` both resolve. */
function typeKey(typeName: string): string {
  return localName(typeName);
}

type RawComplexType = { particles: OrderedNode[]; base: string | undefined };

export function parseDexSchema(xsdText: string): SchemaModel {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', commentPropName: '#comment' });
  let doc: OrderedNode[];
  try {
    doc = parser.parse(xsdText.replace(/^\uFEFF/, '')) as OrderedNode[];
  } catch (err) {
    throw new SchemaReadError(`the schema is not well-formed XML: ${(err as Error).message}`);
  }
  const schema = doc.find((n) => localName(tagOf(n)) === 'schema');
  if (!schema) throw new SchemaReadError('the file has no xs:schema element');

  const complexTypes = new Map<string, RawComplexType>();
  const topElements: OrderedNode[] = [];
  for (const node of childrenNodes(schema)) {
    const kind = localName(tagOf(node));
    if (kind === 'complexType') {
      const name = attr(node, 'name');
      if (name) complexTypes.set(name, rawComplexType(node));
    } else if (kind === 'element') {
      topElements.push(node);
    }
  }

  const resolved = new Map<string, readonly ElementDecl[]>();
  const resolving = new Set<string>();
  const childrenOfType = (name: string): readonly ElementDecl[] => {
    const key = typeKey(name);
    const done = resolved.get(key);
    if (done) return done;
    const raw = complexTypes.get(key);
    if (!raw) return [];
    if (resolving.has(key)) throw new SchemaReadError(`type ${key} contains itself`);
    resolving.add(key);
    const own = raw.particles.flatMap(flattenParticle);
    const all = raw.base ? [...childrenOfType(raw.base), ...own] : own;
    resolving.delete(key);
    resolved.set(key, all);
    return all;
  };

  const childrenOf = (decl: ElementDecl): readonly ElementDecl[] => decl.inlineChildren ?? (decl.typeName ? childrenOfType(decl.typeName) : []);

  const rootNode = topElements[0];
  const rootDecl = rootNode ? elementDecl(rootNode) : undefined;
  if (!rootDecl) throw new SchemaReadError('the schema declares no top-level element');
  const sections = childrenOf(rootDecl);
  if (sections.length === 0) throw new SchemaReadError(`the root element ${rootDecl.name} declares no sections`);
  const rootChoice = rootChoiceNode(rootNode!, rootDecl, complexTypes);
  const maxSectionsPerFile = Math.min(sections.length, rootChoice ? occurs(attr(rootChoice, 'maxOccurs'), 1) : sections.length);

  return {
    rootName: rootDecl.name,
    sections,
    maxSectionsPerFile,
    childrenOf,
    find(path) {
      let current: ElementDecl | undefined = rootDecl;
      for (const name of path) {
        current = current ? childrenOf(current).find((c) => c.name === name) : undefined;
      }
      return current;
    },
  };
}

function rawComplexType(node: OrderedNode): RawComplexType {
  let base: string | undefined;
  const particles: OrderedNode[] = [];
  for (const child of childrenNodes(node)) {
    const kind = localName(tagOf(child));
    if (kind === 'sequence' || kind === 'choice' || kind === 'all') particles.push(child);
    if (kind === 'complexContent') {
      for (const ext of childrenNodes(child)) {
        if (localName(tagOf(ext)) !== 'extension') continue;
        base = attr(ext, 'base');
        particles.push(...childrenNodes(ext).filter((p) => ['sequence', 'choice', 'all'].includes(localName(tagOf(p)))));
      }
    }
  }
  return { particles, base };
}

/**
 * A sequence's elements in order; a nested choice or sequence contributes its elements in place, since the
 * writer only needs the order in which whatever is present must appear.
 */
function flattenParticle(node: OrderedNode): ElementDecl[] {
  const kind = localName(tagOf(node));
  if (kind === 'element') {
    const decl = elementDecl(node);
    return decl ? [decl] : [];
  }
  if (kind === 'sequence' || kind === 'choice' || kind === 'all') return childrenNodes(node).flatMap(flattenParticle);
  return [];
}

function elementDecl(node: OrderedNode): ElementDecl | undefined {
  const name = attr(node, 'name') ?? attr(node, 'ref');
  if (!name) return undefined;
  const inlineType = childrenNodes(node).find((c) => localName(tagOf(c)) === 'complexType');
  const inlineChildren = inlineType ? rawComplexType(inlineType).particles.flatMap(flattenParticle) : undefined;
  return {
    name: localName(name),
    typeName: attr(node, 'type'),
    minOccurs: occurs(attr(node, 'minOccurs'), 1),
    maxOccurs: occurs(attr(node, 'maxOccurs'), 1),
    inlineChildren,
  };
}

function rootChoiceNode(rootNode: OrderedNode, rootDecl: ElementDecl, complexTypes: ReadonlyMap<string, RawComplexType>): OrderedNode | undefined {
  const inline = childrenNodes(rootNode).find((c) => localName(tagOf(c)) === 'complexType');
  const particles = inline ? rawComplexType(inline).particles : rootDecl.typeName ? complexTypes.get(typeKey(rootDecl.typeName))?.particles : undefined;
  return particles?.find((p) => localName(tagOf(p)) === 'choice');
}
