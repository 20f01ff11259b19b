/**
 * The DEX upload schema in use: the copy an organisation downloads from the DEX portal when DEX_SCHEMA_FILE
 * names it, otherwise the 2015 schema bundled in `schemas/` (public, with its postcode facet corrected; see the
 * comment in that file). Read once per process; readiness, the writer and the validator all use the same one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from '../config/packageRoot';
import { parseDexSchema, SchemaReadError, type SchemaModel } from './xsdModel';

export const BUNDLED_SCHEMA_FILE = path.join(findPackageRoot(), 'schemas', 'DEXFileUpload.xsd');

export type DexSchema = {
  readonly file: string;
  readonly bundled: boolean;
  readonly text: string;
  readonly sha256: string;
  readonly model: SchemaModel;
};

export function readDexSchema(file: string = BUNDLED_SCHEMA_FILE): DexSchema {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new SchemaReadError(`cannot read the DEX schema ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let model: SchemaModel;
  try {
    model = parseDexSchema(text);
  } catch (err) {
    throw new SchemaReadError(`the DEX schema ${file} cannot be used: ${(err as Error).message}`);
  }
  return {
    file: path.resolve(file),
    bundled: path.resolve(file) === BUNDLED_SCHEMA_FILE,
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    model,
  };
}

const cache = new Map<string, DexSchema>();

/** The schema DEX_SCHEMA_FILE names, or the bundled one; read once per file. */
export function dexSchemaInUse(env: NodeJS.ProcessEnv = process.env): DexSchema {
  const file = path.resolve(env.DEX_SCHEMA_FILE?.trim() || BUNDLED_SCHEMA_FILE);
  let schema = cache.get(file);
  if (!schema) {
    schema = readDexSchema(file);
    cache.set(file, schema);
  }
  return schema;
}
