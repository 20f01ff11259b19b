/**
 * Checks a file against the schema in use with libxml2 (xmllint compiled to WebAssembly: the same validator as
 * Debian's `xmllint --schema`, with no native build). It runs in a worker thread, so the bot keeps answering
 * while a large file is checked.
 */
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { DexSchema } from './dexSchema';

export type SchemaError = {
  /** Line in the file, when libxml2 gave one. */
  readonly line: number | undefined;
  /** libxml2's own words, without the file name and line. */
  readonly message: string;
};

export type ValidationResult = { readonly valid: boolean; readonly errors: readonly SchemaError[]; readonly ms: number };

/** A 10 MB file needs well over the library's 32 MiB default; the memory is given back when the worker ends. */
const MAX_MEMORY_PAGES = 512 * memoryPages.MiB;

/** `xml` as UTF-8 bytes (handed to the worker as they are) or as text. */
export async function validateAgainstSchema(xml: Buffer | string, fileName: string, schema: DexSchema): Promise<ValidationResult> {
  const started = performance.now();
  const result = await validateXML({
    xml: { fileName, contents: xml },
    schema: { fileName: 'DEXFileUpload.xsd', contents: schema.text },
    maxMemoryPages: MAX_MEMORY_PAGES,
    // libxml2's reader checks the file as it reads it instead of building the whole tree first: less memory.
    stream: true,
  });
  const errors = result.errors.map((e) => ({ line: e.loc?.lineNumber, message: e.message }));
  return { valid: result.valid, errors, ms: performance.now() - started };
}
