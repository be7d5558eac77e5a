/**
 * Writing fixed cell texts back into an `.xlsx` file without re-serializing the workbook: the zip
 * is opened with jszip, and only the XML of the cells that change is edited, in place, at the
 * byte offsets an XML parser found (xml-tree.ts). Everything else stays as it was: styles, other
 * sheets, other cells, formulas, column widths, every other zip entry (same uncompressed bytes,
 * same order, same dates). exceljs is not used for writing: re-serializing drops what it does not
 * model (and changes every part it rewrites).
 *
 * How a cell is found: `_rels/.rels` names the workbook part; its `<sheet name=… r:id=…>` and its
 * relationships name the sheet part and the shared-strings part; in the sheet, the `<c>` element
 * whose `r` is the address (or, when a writer leaves `r` out, the cell at that place in its row).
 * Elements are matched by local name and namespace, so prefixes (`x:c`) and attribute order do
 * not matter.
 *
 * How a cell is changed:
 * - a shared string (`t="s"`): a new `<si><t xml:space="preserve">…</t></si>` is appended to the
 *   shared strings (its `uniqueCount` raised) and the cell's `<v>` points at it; other cells that
 *   share the old string keep it. Edits with the same new text share one new string.
 * - an inline string (`t="inlineStr"`): its `<t>` is replaced.
 * A cell is refused (not changed, with a reason) when it is not plain text: a formula, rich text
 * (formatted runs or phonetic guides), a number or other non-string value, a string written with
 * `_xHHHH_` escapes, or a string that is not exactly the text huashu read (the cell displays
 * something else than it stores). A part that cannot be read refuses every edit in it.
 *
 * New text is written as XML character data: `&`, `<`, `>` escaped, CR and control characters as
 * `_xHHHH_` (the spreadsheet escape; an XML parser would turn a literal CR into LF), and a literal
 * `_xHHHH_` in the text as `_x005F_xHHHH_`. Pure: bytes in, bytes out, no I/O.
 */
import JSZip from 'jszip';
import { posix } from 'node:path';
import type { Range } from '../types.js';
import { columnLetter, letterIndex } from './table.js';
import { attribute, attributeValueRange, childrenNamed, escapeXmlText, parseXmlTree, XmlError, type XmlElement } from './xml-tree.js';

/** One cell to change. */
export interface CellEdit {
  sheet: string;
  /** A1-style address (`C12`). */
  address: string;
  /** The text huashu read in the cell (what it displays). */
  before: string;
  /** The text to write. */
  after: string;
}

export interface WriteResult {
  /** The new workbook; undefined when no edit was made. */
  bytes?: Uint8Array;
  /** The edits that were not made, each with a reason (one line, English). */
  refused: { edit: CellEdit; reason: string }[];
}

/** Part of the OOXML escape syntax (`_x000D_` is a carriage return) in stored strings. */
const OOXML_ESCAPE = /_x[0-9A-Fa-f]{4}_/;
const RELATIONSHIP_TYPE = (type: string | undefined, name: string) => type !== undefined && type.endsWith(`/${name}`);

/** Applies the edits that can be made safely; see the header for what is refused. */
export async function writeCells(bytes: Uint8Array, edits: readonly CellEdit[]): Promise<WriteResult> {
  const refused: WriteResult['refused'] = [];
  if (!edits.length) return { refused };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    return { refused: edits.map((edit) => ({ edit, reason: `cannot open the workbook: ${(error as Error).message}` })) };
  }
  const parts = new Parts(zip);
  let book: Book;
  try {
    book = await readBook(parts);
  } catch (error) {
    if (!(error instanceof PartError)) throw error;
    return { refused: edits.map((edit) => ({ edit, reason: error.message })) };
  }

  // The shared strings part gets its new strings once every sheet has been edited.
  const appended = new Map<string, number>();
  let changed = false;
  const bySheet = new Map<string, CellEdit[]>();
  for (const edit of edits) bySheet.set(edit.sheet, [...(bySheet.get(edit.sheet) ?? []), edit]);

  for (const [sheet, sheetEdits] of bySheet) {
    const partName = book.sheets.get(sheet);
    let part: Part | undefined;
    try {
      if (partName === undefined) throw new PartError(`no sheet named ${sheet} in the workbook`);
      part = await parts.read(partName);
    } catch (error) {
      if (!(error instanceof PartError)) throw error;
      for (const edit of sheetEdits) refused.push({ edit, reason: error.message });
      continue;
    }
    const cells = indexCells(part.root);
    const splices: Splice[] = [];
    for (const edit of sheetEdits) {
      const cell = cells.get(edit.address.toUpperCase());
      const plan = cell ? planCell(part, cell, edit, book) : { reason: `cell ${edit.address} not found in ${part.name}` };
      if ('reason' in plan) {
        refused.push({ edit, reason: plan.reason });
        continue;
      }
      if (plan.kind === 'inline') {
        const t = plan.t;
        splices.push({ range: [t.open[0], t.close[1]], text: `<${t.name} xml:space="preserve">${escapeCellText(edit.after)}</${t.name}>` });
      } else {
        let index = appended.get(edit.after);
        if (index === undefined) {
          index = book.strings!.items.length + appended.size;
          appended.set(edit.after, index);
        }
        splices.push({ range: [plan.v.open[1], plan.v.close[0]], text: String(index) });
      }
    }
    if (splices.length) {
      parts.write(part, splices);
      changed = true;
    }
  }
  if (appended.size) {
    const strings = book.strings!;
    const prefix = strings.root.prefix ? `${strings.root.prefix}:` : '';
    const added = [...appended.keys()].map((text) => `<${prefix}si><${prefix}t xml:space="preserve">${escapeCellText(text)}</${prefix}t></${prefix}si>`);
    const splices: Splice[] = [{ range: [strings.root.close[0], strings.root.close[0]], text: added.join('') }];
    const unique = attributeValueRange(strings.part.text, strings.root, 'uniqueCount');
    if (unique) splices.push({ range: unique, text: String(strings.items.length + appended.size) });
    parts.write(strings.part, splices);
  }
  if (!changed) return { refused };
  return { bytes: await parts.save(), refused };
}

/** A part (zip entry) of the workbook read as XML. */
interface Part {
  name: string;
  text: string;
  root: XmlElement;
}

/** A problem with a whole part: every edit that needs it is refused with this message. */
class PartError extends Error {}

/** Reads and writes the XML parts of a zip; writing keeps the entry's place, date and comment. */
class Parts {
  constructor(private readonly zip: JSZip) {}

  /** The entry for a part name (part names are case-insensitive in a package). */
  private entry(name: string): JSZip.JSZipObject | undefined {
    return this.zip.file(name) ?? this.zip.file(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'))[0];
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  async read(name: string): Promise<Part> {
    const entry = this.entry(name);
    if (!entry) throw new PartError(`the workbook has no part ${name}`);
    const bytes = await entry.async('uint8array');
    let text: string;
    try {
      // Keep a byte-order mark in the text, so that writing back reproduces every other byte.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new PartError(`${entry.name} is not UTF-8 XML`);
    }
    try {
      return { name: entry.name, text, root: parseXmlTree(text) };
    } catch (error) {
      if (error instanceof XmlError) throw new PartError(`${entry.name} is not well-formed XML: ${error.message}`);
      throw error;
    }
  }

  write(part: Part, splices: Splice[]): void {
    const entry = this.entry(part.name)!;
    part.text = splice(part.text, splices);
    this.zip.file(entry.name, new TextEncoder().encode(part.text), {
      binary: true,
      date: entry.date,
      comment: entry.comment ?? undefined,
      dosPermissions: entry.dosPermissions ?? undefined,
      unixPermissions: entry.unixPermissions ?? undefined,
      compression: 'DEFLATE',
    });
  }

  /** The zip; unchanged deflated entries are copied as they were compressed. */
  save(): Promise<Uint8Array> {
    return this.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  }
}

/** Where the sheets and the shared strings are. */
interface Book {
  /** Sheet name → part name. */
  sheets: Map<string, string>;
  strings?: { part: Part; root: XmlElement; items: XmlElement[] };
}

async function readBook(parts: Parts): Promise<Book> {
  const packageRels = await relationships(parts, '');
  const bookName = [...packageRels.values()].find((r) => RELATIONSHIP_TYPE(r.type, 'officeDocument'))?.target ?? 'xl/workbook.xml';
  const book = await parts.read(bookName);
  const rels = await relationships(parts, book.name);
  const sheets = new Map<string, string>();
  for (const list of childrenNamed(book.root, 'sheets')) {
    for (const sheet of childrenNamed(list, 'sheet')) {
      const name = attribute(sheet, 'name');
      const id = sheet.attributes.find((a) => a.local === 'id' && a.uri.endsWith('relationships'))?.value;
      const target = id === undefined ? undefined : rels.get(id)?.target;
      if (name !== undefined && target !== undefined) sheets.set(name, target);
    }
  }
  const stringsName = [...rels.values()].find((r) => RELATIONSHIP_TYPE(r.type, 'sharedStrings'))?.target;
  if (stringsName === undefined || !parts.has(stringsName)) return { sheets };
  const strings = await parts.read(stringsName);
  return { sheets, strings: { part: strings, root: strings.root, items: childrenNamed(strings.root, 'si') } };
}

/** The relationships of a part (`''`: the package), by id, with targets resolved to part names. */
async function relationships(parts: Parts, source: string): Promise<Map<string, { type?: string; target: string }>> {
  const dir = posix.dirname(source);
  const relsName = posix.join(dir === '.' ? '' : dir, '_rels', `${posix.basename(source)}.rels`);
  const out = new Map<string, { type?: string; target: string }>();
  if (!parts.has(relsName)) return out;
  const rels = await parts.read(relsName);
  for (const rel of rels.root.children.filter((c) => c.local === 'Relationship')) {
    const id = attribute(rel, 'Id');
    const target = attribute(rel, 'Target');
    if (id === undefined || target === undefined || attribute(rel, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(dir === '.' ? '' : dir, target));
    out.set(id, { type: attribute(rel, 'Type'), target: resolved });
  }
  return out;
}

/** The `<c>` elements of a sheet by address; cells (and rows) without `r` follow the previous one. */
function indexCells(root: XmlElement): Map<string, XmlElement> {
  const cells = new Map<string, XmlElement>();
  let rowNumber = 0;
  for (const data of childrenNamed(root, 'sheetData')) {
    for (const row of childrenNamed(data, 'row')) {
      const r = Number(attribute(row, 'r'));
      rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      let column = -1;
      for (const cell of childrenNamed(row, 'c')) {
        const address = /^([A-Za-z]{1,3})(\d+)$/.exec(attribute(cell, 'r') ?? '');
        column = address ? letterIndex(address[1]!) : column + 1;
        const key = address ? address[0].toUpperCase() : `${columnLetter(column)}${rowNumber}`;
        if (!cells.has(key)) cells.set(key, cell);
      }
    }
  }
  return cells;
}

type Plan = { kind: 'inline'; t: XmlElement } | { kind: 'shared'; v: XmlElement } | { reason: string };

/** How one cell can be changed, or why it cannot. */
function planCell(part: Part, cell: XmlElement, edit: CellEdit, book: Book): Plan {
  const where = `${part.name} ${edit.address}`;
  if (childrenNamed(cell, 'f').length) return { reason: 'a formula' };
  const type = attribute(cell, 't');
  let holder: XmlElement | undefined;
  let shared: XmlElement | undefined;
  if (type === 's') {
    const [v] = childrenNamed(cell, 'v');
    const index = v ? Number(v.text.trim()) : NaN;
    holder = book.strings?.items[index];
    if (!v || !Number.isInteger(index) || !holder) return { reason: `a shared string that ${where} does not point at` };
    shared = v;
  } else if (type === 'inlineStr') {
    [holder] = childrenNamed(cell, 'is');
    if (!holder) return { reason: 'an inline string without text' };
  } else {
    return { reason: 'not a text cell' };
  }
  const kinds = holder.children.filter((c) => c.uri === holder.uri).map((c) => c.local);
  if (kinds.includes('r')) return { reason: 'rich text (formatted runs)' };
  if (kinds.includes('rPh')) return { reason: 'text with phonetic guides' };
  const ts = childrenNamed(holder, 't');
  if (ts.length !== 1 || kinds.some((k) => k !== 't' && k !== 'phoneticPr')) return { reason: 'text the spreadsheet stores in parts' };
  const stored = ts[0]!.text;
  if (OOXML_ESCAPE.test(stored)) return { reason: 'text with _xHHHH_ escapes' };
  if (stored !== edit.before) return { reason: 'the cell displays other text than it stores' };
  return shared ? { kind: 'shared', v: shared } : { kind: 'inline', t: ts[0]! };
}

/** Cell text as XML character data with the spreadsheet's `_xHHHH_` escapes (see the header). */
export function escapeCellText(text: string): string {
  const ooxml = text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return escapeXmlText(ooxml);
}

interface Splice {
  range: Range;
  text: string;
}

/** Puts each splice's text in place of its range (ranges into `text`, not overlapping). */
function splice(text: string, splices: readonly Splice[]): string {
  let out = '';
  let at = 0;
  for (const s of [...splices].sort((a, b) => a.range[0] - b.range[0])) {
    out += text.slice(at, s.range[0]) + s.text;
    at = s.range[1];
  }
  return out + text.slice(at);
}
