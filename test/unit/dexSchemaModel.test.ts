import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { BUNDLED_SCHEMA_FILE, dexSchemaInUse, readDexSchema } from '../../src/export/dexSchema';
import { describeSchemaError } from '../../src/export/schemaErrors';
import { renderRecord } from '../../src/export/recordWriter';
import { parseDexSchema, SchemaReadError } from '../../src/export/xsdModel';

const bundledText = fs.readFileSync(BUNDLED_SCHEMA_FILE, 'utf8');

/** The bundled schema with elements DSS added after 2015 put where a newer schema could have them. */
function newerSchema(): string {
  return bundledText
    .replace(
      '<xs:element name="SessionClients" type="SessionClients" nillable="true" minOccurs="0"/>',
      '<xs:element name="ServiceSettingCode" type="NonEmptyString" minOccurs="0"/>\n      <xs:element name="SessionClients" type="SessionClients" nillable="true" minOccurs="0"/>',
    )
    .replace(
      '<xs:element name="CaseClients" type="CaseClients" nillable="true" minOccurs="0"/>',
      '<xs:element name="CaseClients" type="CaseClients" nillable="true" minOccurs="0"/>\n      <xs:element name="ClientAttendanceProfileCode" type="NonEmptyString" minOccurs="0"/>',
    );
}

const session = {
  SessionId: 'S-1',
  CaseId: 'CF-1',
  SessionDate: '2026-02-10',
  ServiceTypeId: 352,
  TotalNumberOfUnidentifiedClients: 0,
  InterpreterPresent: false,
  ServiceSettingCode: 'COMMVENUE',
  TopicCode: undefined,
  SessionClients: { SessionClient: [{ ClientId: 'CL-1', ParticipationCode: 'CLIENT' }] },
};

describe('DEX schema model', () => {
  it('reads the element order of the bundled 2015 schema and its five-section limit', () => {
    const { model } = dexSchemaInUse({});
    assert.equal(model.rootName, 'DEXFileUpload');
    assert.equal(model.maxSectionsPerFile, 5);
    assert.deepEqual(
      model.sections.map((s) => s.name),
      ['Clients', 'Cases', 'Sessions', 'SessionAssessments', 'ClientAssessments', 'Outlets'],
    );
    const sessionDecl = model.find(['Sessions', 'Session'])!;
    assert.deepEqual(
      model
        .childrenOf(sessionDecl)
        .map((d) => d.name)
        .slice(0, 9),
      [
        'SessionId',
        'CaseId',
        'SessionDate',
        'ServiceTypeId',
        'TotalNumberOfUnidentifiedClients',
        'FeesCharged',
        'MoneyBusinessCommunityEducationWorkshopCode',
        'InterpreterPresent',
        'SessionClients',
      ],
    );
    assert.deepEqual(
      model.childrenOf(model.find(['Clients', 'Client', 'Disabilities'])!).map((d) => d.name),
      ['DisabilityCode'],
    );
  });

  it('carries the corrected postcode facet, with a comment saying why', () => {
    assert.match(bundledText, /<xs:pattern value="\[0-9\]\{4\}" \/>/);
    assert.doesNotMatch(bundledText, /<xs:pattern value="\^/);
    assert.match(bundledText, /Changed from DSS's 2015 copy/);
  });

  it('writes a post-2015 element only when the schema declares it, in the position the schema gives', async () => {
    const old = dexSchemaInUse({});
    const omitted = new Set<string>();
    const oldXml = renderRecord(old.model, old.model.find(['Sessions', 'Session'])!, session, 0, omitted).xml;
    assert.doesNotMatch(oldXml, /ServiceSettingCode/);
    assert.deepEqual([...omitted], ['Session/ServiceSettingCode']);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-schema-'));
    const file = path.join(dir, 'DEXFileUpload.xsd');
    fs.writeFileSync(file, newerSchema());
    const newer = dexSchemaInUse({ DEX_SCHEMA_FILE: file });
    assert.equal(newer.bundled, false);
    const again = new Set<string>();
    const xml = renderRecord(newer.model, newer.model.find(['Sessions', 'Session'])!, session, 0, again).xml;
    assert.deepEqual([...again], []);
    const order = [...xml.matchAll(/<(\w+)>/g)].map((m) => m[1]);
    assert.ok(order.indexOf('InterpreterPresent') < order.indexOf('ServiceSettingCode'));
    assert.ok(order.indexOf('ServiceSettingCode') < order.indexOf('SessionClients'));
    const doc = `<?xml version="1.0" encoding="utf-8"?>\n<DEXFileUpload><Sessions>${xml}</Sessions></DEXFileUpload>`;
    const result = await validateXML({ xml: { fileName: 'n.xml', contents: doc }, schema: { fileName: 'n.xsd', contents: newer.text } });
    assert.equal(result.valid, true, result.rawOutput);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the order of an element nested in a choice or an extension', () => {
    const model = parseDexSchema(`<?xml version="1.0"?>
      <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <xs:element name="Root" type="Root"/>
        <xs:complexType name="Root"><xs:choice maxOccurs="2"><xs:element name="A" type="Child"/><xs:element name="B" type="Base"/></xs:choice></xs:complexType>
        <xs:complexType name="Base"><xs:sequence><xs:element name="X" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:complexType name="Child"><xs:complexContent><xs:extension base="Base"><xs:sequence><xs:element name="Y" type="xs:string"/><xs:choice><xs:element name="Z1" type="xs:int"/><xs:element name="Z2" type="xs:int"/></xs:choice></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      </xs:schema>`);
    assert.equal(model.maxSectionsPerFile, 2);
    assert.deepEqual(
      model.childrenOf(model.find(['A'])!).map((d) => d.name),
      ['X', 'Y', 'Z1', 'Z2'],
    );
  });

  it('refuses a file that is not a schema, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-schema-'));
    const file = path.join(dir, 'broken.xsd');
    fs.writeFileSync(file, '<notASchema/>');
    assert.throws(
      () => readDexSchema(file),
      (err: Error) => err instanceof SchemaReadError && err.message.includes('broken.xsd'),
    );
    assert.throws(() => readDexSchema(path.join(dir, 'missing.xsd')), /ENOENT/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains libxml2 errors in words, without repeating the value', () => {
    assert.equal(
      describeSchemaError("Element 'Postcode': [facet 'pattern'] The value '08x0' is not accepted by the pattern '[0-9]{4}'."),
      'the postcode is not in a form DEX accepts',
    );
    assert.equal(describeSchemaError("Element 'Client': Missing child element(s). Expected is ( CountryOfBirthCode )."), 'the country of birth is missing');
    assert.equal(
      describeSchemaError("Element 'SessionDate': '2026-13-01' is not a valid value of the atomic type 'xs:date'."),
      'the session date is not a date (YYYY-MM-DD)',
    );
    assert.doesNotMatch(describeSchemaError("Element 'GivenName': [facet 'pattern'] The value 'Zed' is not accepted"), /Zed/);
  });
});
