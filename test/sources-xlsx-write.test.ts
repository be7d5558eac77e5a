/**
 * Writing cells back into `.xlsx` files (src/sources/workbook-write.ts) and the XML element tree it
 * edits with (src/sources/xml-tree.ts): hand-built workbooks, so that every way a writer may store
 * a cell (shared or inline strings, prefixes, attribute order, cells without addresses) is covered.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { escapeCellText, writeCells, type CellEdit } from '../src/sources/workbook-write.js';
import { attributeValueRange, parseXmlTree, XmlError } from '../src/sources/xml-tree.js';
import { MAIN, sst, workbook } from './xlsx-builder.js';

async function entries(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) out.set(name, await file.async('string'));
  return out;
}

const edit = (address: string, before: string, after: string, sheet = '售后'): CellEdit => ({ sheet, address, before, after });

describe('writeCells: shared strings', () => {
  const SHEET =
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
    '<row r="2"><c t="s" s="3" r="B2"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>';
  const STRINGS = sst(['<si><t>快捷短语</t></si>', '<si><t>亲，我保证发货</t></si>', '<si><t>亲，稍等</t><phoneticPr fontId="1" type="noConversion"/></si>']);

  it('appends a new string and points only the fixed cell at it; every other byte stays', async () => {
    const bytes = await workbook({ sheet: SHEET, strings: STRINGS });
    const result = await writeCells(bytes, [edit('B2', '亲，我保证发货', '亲，我会尽量保证发货')]);
    expect(result.refused).toEqual([]);
    const before = await entries(bytes);
    const after = await entries(result.bytes!);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, text] of before) {
      if (name === 'xl/worksheets/sheet1.xml') expect(after.get(name)).toBe(text.replace('<c t="s" s="3" r="B2"><v>1</v>', '<c t="s" s="3" r="B2"><v>3</v>'));
      else if (name === 'xl/sharedStrings.xml')
        expect(after.get(name)).toBe(text.replace('uniqueCount="3"', 'uniqueCount="4"').replace('</sst>', '<si><t xml:space="preserve">亲，我会尽量保证发货</t></si></sst>'));
      else expect(after.get(name)).toBe(text);
    }
    // B1 shared the old string and keeps it; a spreadsheet reader sees the new text in B2.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(result.bytes!) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('售后')!;
    expect(['A1', 'B1', 'B2', 'C2'].map((a) => sheet.getCell(a).text)).toEqual(['快捷短语', '亲，我保证发货', '亲，我会尽量保证发货', '亲，稍等']);
    expect(wb.getWorksheet('说明')!.getCell('A1').text).toBe('备注');
  });

  it('edits with the same new text share one new string; phonetic settings do not stop a fix', async () => {
    const sheet = SHEET.replace('<c r="B1" t="s"><v>1</v></c>', '<c r="B1" t="s"><v>2</v></c>');
    const result = await writeCells(await workbook({ sheet, strings: STRINGS }), [edit('C2', '亲，稍等', '亲，请稍等'), edit('B1', '亲，稍等', '亲，请稍等')]);
    expect(result.refused).toEqual([]);
    const after = await entries(result.bytes!);
    expect(after.get('xl/sharedStrings.xml')).toContain('uniqueCount="4"');
    expect(after.get('xl/sharedStrings.xml')!.match(/亲，请稍等/g)).toHaveLength(1);
    expect(after.get('xl/worksheets/sheet1.xml')).toContain('<c r="B1" t="s"><v>3</v></c>');
    expect(after.get('xl/worksheets/sheet1.xml')).toContain('<c r="C2" t="s"><v>3</v></c>');
  });

  it('works with prefixed elements (x:c, x:si) and writes new strings with the same prefix', async () => {
    const sheet = '<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row>';
    const strings = sst(['<x:si><x:t>亲，我保证发货</x:t></x:si>'], 'x');
    const result = await writeCells(await workbook({ sheet, strings, prefix: 'x' }), [edit('B2', '亲，我保证发货', '亲 & <您>')]);
    expect(result.refused).toEqual([]);
    const after = await entries(result.bytes!);
    expect(after.get('xl/sharedStrings.xml')).toContain('<x:si><x:t xml:space="preserve">亲 &amp; &lt;您&gt;</x:t></x:si></x:sst>');
    expect(after.get('xl/worksheets/sheet1.xml')).toContain('<x:c r="B2" t="s"><x:v>1</x:v></x:c>');
  });
});

describe('writeCells: inline strings and addresses', () => {
  it('replaces the text of an inline string, keeping the cell and its style', async () => {
    const sheet = '<row r="3"><c s="2" t="inlineStr" r="C3"><is><t>亲，\n你好</t></is></c></row>';
    const result = await writeCells(await workbook({ sheet }), [edit('C3', '亲，\n你好', '亲，\n您好')]);
    expect(result.refused).toEqual([]);
    expect((await entries(result.bytes!)).get('xl/worksheets/sheet1.xml')).toContain('<c s="2" t="inlineStr" r="C3"><is><t xml:space="preserve">亲，\n您好</t></is></c>');
  });

  it('finds cells and rows that leave out their r attribute by their place', async () => {
    const sheet = '<row><c t="inlineStr"><is><t>内容</t></is></c></row><row><c/><c t="inlineStr"><is><t>亲，你好</t></is></c></row>';
    const result = await writeCells(await workbook({ sheet }), [edit('B2', '亲，你好', '亲，您好')]);
    expect(result.refused).toEqual([]);
    expect((await entries(result.bytes!)).get('xl/worksheets/sheet1.xml')).toContain('<row><c/><c t="inlineStr"><is><t xml:space="preserve">亲，您好</t></is></c></row>');
  });
});

describe('writeCells: cells it must not change', () => {
  const SHEET =
    '<row r="2">' +
    '<c r="A2" t="s"><v>0</v></c>' + // rich text
    '<c r="B2" t="str"><f>"亲，"&amp;"保证"</f><v>亲，保证</v></c>' + // formula
    '<c r="C2"><v>12</v></c>' + // number
    '<c r="D2" t="s"><v>1</v></c>' + // _x000D_ escape
    '<c r="E2" t="s"><v>2</v></c>' + // stored text other than displayed
    '<c r="F2" t="s"><v>9</v></c>' + // no such string
    '<c r="G2" t="s"><v>3</v></c>' + // phonetic runs
    '</row>';
  const STRINGS = sst([
    '<si><r><t>亲，</t></r><r><rPr><b/></rPr><t>保证</t></r></si>',
    '<si><t>亲_x000D_保证</t></si>',
    '<si><t>0012</t></si>',
    '<si><t>亲保证</t><rPh sb="0" eb="1"><t>qin</t></rPh></si>',
  ]);

  it('refuses each with a reason and leaves the file alone when nothing could be written', async () => {
    const bytes = await workbook({ sheet: SHEET, strings: STRINGS });
    const edits = [
      edit('A2', '亲，保证', '亲，尽量'),
      edit('B2', '亲，保证', '亲，尽量'),
      edit('C2', '12', '13'),
      edit('D2', '亲\r保证', '亲\r尽量'),
      edit('E2', '12', '13'),
      edit('F2', 'x', 'y'),
      edit('G2', '亲保证', '亲尽量'),
      edit('Z9', 'x', 'y'),
      edit('A1', 'x', 'y', '没有这张表'),
    ];
    const result = await writeCells(bytes, edits);
    expect(result.bytes).toBeUndefined();
    expect(result.refused.map((r) => [r.edit.address, r.reason])).toEqual([
      ['A2', 'rich text (formatted runs)'],
      ['B2', 'a formula'],
      ['C2', 'not a text cell'],
      ['D2', 'text with _xHHHH_ escapes'],
      ['E2', 'the cell displays other text than it stores'],
      ['F2', 'a shared string that xl/worksheets/sheet1.xml F2 does not point at'],
      ['G2', 'text with phonetic guides'],
      ['Z9', 'cell Z9 not found in xl/worksheets/sheet1.xml'],
      ['A1', 'no sheet named 没有这张表 in the workbook'],
    ]);
  });

  it('writes the cells it can and refuses the others', async () => {
    const sheet = SHEET.replace('</row>', '<c r="H2" t="inlineStr"><is><t>亲，你好</t></is></c></row>');
    const result = await writeCells(await workbook({ sheet, strings: STRINGS }), [edit('A2', '亲，保证', '亲，尽量'), edit('H2', '亲，你好', '亲，您好')]);
    expect(result.refused.map((r) => r.edit.address)).toEqual(['A2']);
    const after = (await entries(result.bytes!)).get('xl/worksheets/sheet1.xml')!;
    expect(after).toContain('<c r="A2" t="s"><v>0</v></c>');
    expect(after).toContain('<t xml:space="preserve">亲，您好</t>');
  });

  it('refuses every edit of a workbook whose parts cannot be read', async () => {
    await expect(writeCells(new TextEncoder().encode('not a zip'), [edit('A1', 'a', 'b')])).resolves.toMatchObject({ refused: [{ reason: expect.stringMatching(/^cannot open the workbook/) }] });
    const broken = await workbook({ sheet: '<row r="1"><c r="A1" t="inlineStr"><is><t>亲</t></is></c></row><row>' });
    const result = await writeCells(broken, [edit('A1', '亲', '您')]);
    expect(result.refused[0]!.reason).toMatch(/^xl\/worksheets\/sheet1\.xml is not well-formed XML: /);
  });
});

describe('escapeCellText', () => {
  it('escapes XML, carriage returns, control characters and literal _xHHHH_ sequences', () => {
    expect(escapeCellText('a&b<c>\n\t')).toBe('a&amp;b&lt;c&gt;\n\t');
    expect(escapeCellText('a\r\nb\u0007')).toBe('a_x000D_\nb_x0007_');
    expect(escapeCellText('_x0041_')).toBe('_x005F_x0041_');
  });
});

describe('parseXmlTree', () => {
  it('gives every tag its exact range, whatever the prefixes, attributes, comments and BOM', () => {
    const xml = '\uFEFF<?xml version="1.0"?>\r\n<!-- <c> --><x:root xmlns:x="urn:a" a=">"><x:c r="A1"><x:v>𠮷1</x:v></x:c><x:c r="B1"/><![CDATA[<z>]]></x:root>';
    const root = parseXmlTree(xml);
    const [c1, c2] = root.children;
    expect(xml.slice(...root.open)).toBe('<x:root xmlns:x="urn:a" a=">">');
    expect(xml.slice(...root.close)).toBe('</x:root>');
    expect(root.text).toBe('<z>');
    expect([c1!.local, c1!.uri, c1!.prefix]).toEqual(['c', 'urn:a', 'x']);
    expect(xml.slice(...c1!.children[0]!.open)).toBe('<x:v>');
    expect(c1!.children[0]!.text).toBe('𠮷1');
    expect(xml.slice(...c2!.open)).toBe('<x:c r="B1"/>');
    expect(c2!.close).toEqual(c2!.open);
  });

  it('finds an attribute value range in a start tag; throws XmlError on malformed XML', () => {
    const xml = `<sst uniqueCount = '3' count="4" xmlns="${MAIN}"/>`;
    const root = parseXmlTree(xml);
    expect(xml.slice(...attributeValueRange(xml, root, 'uniqueCount')!)).toBe('3');
    expect(xml.slice(...attributeValueRange(xml, root, 'count')!)).toBe('4');
    expect(attributeValueRange(xml, root, 'missing')).toBeUndefined();
    expect(() => parseXmlTree('<a><b></a>')).toThrow(XmlError);
  });
});
