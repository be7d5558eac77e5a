/**
 * A small element tree of an XML document with the place of every tag in the text, for editing
 * XML parts of a workbook in place (workbook-write.ts): change a few bytes, keep all others.
 *
 * Tokenizing is saxes' (a conforming, namespace-aware XML parser): names, namespaces, attribute
 * values and entity decoding are never guessed with regular expressions. saxes reports where a
 * tag ends (`position`, a UTF-16 index just past its `>`); a tag starts at the last `<` before
 * that, since `<` cannot occur inside a tag of well-formed XML (not even in attribute values).
 *
 * Units: every range is a half-open pair of 0-based UTF-16 offsets into the XML text.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Range } from '../types.js';

export interface XmlAttribute {
  /** Local name (`id` of `r:id`). */
  local: string;
  /** Namespace URI ('' for an unprefixed attribute). */
  uri: string;
  /** The value, entities decoded. */
  value: string;
}

export interface XmlElement {
  /** The name as written (`x:si`). */
  name: string;
  /** The prefix as written ('' for none). */
  prefix: string;
  local: string;
  /** Namespace URI ('' for none). */
  uri: string;
  attributes: XmlAttribute[];
  /** The start tag, `<` to `>` (for an empty element `<v/>`, the whole element). */
  open: Range;
  /** The end tag; the same as `open` for an empty element. */
  close: Range;
  children: XmlElement[];
  /** Character data directly inside the element (CDATA included), entities decoded. */
  text: string;
}

/** Thrown when a part is not well-formed XML. */
export class XmlError extends Error {
  override name = 'XmlError';
}

/** Parses an XML document into its root element. Throws `XmlError` when it is not well-formed. */
export function parseXmlTree(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tagStart = (end: number) => xml.lastIndexOf('<', end - 1);
  parser.on('opentag', (tag: SaxesTagNS) => {
    const end = parser.position;
    const open: Range = [tagStart(end), end];
    const element: XmlElement = {
      name: tag.name,
      prefix: tag.prefix,
      local: tag.local,
      uri: tag.uri,
      attributes: Object.values(tag.attributes).map((a) => ({ local: a.local, uri: a.uri, value: a.value })),
      open,
      close: open,
      children: [],
      text: '',
    };
    stack[stack.length - 1]?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    const element = stack.pop()!;
    if (!tag.isSelfClosing) element.close = [tagStart(parser.position), parser.position];
  });
  const addText = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new XmlError((error as Error).message.split('\n')[0]);
  }
  if (!root) throw new XmlError('no root element');
  return root;
}

/** The value of the attribute with this local name and namespace ('' = no namespace). */
export function attribute(element: XmlElement, local: string, uri = ''): string | undefined {
  return element.attributes.find((a) => a.local === local && a.uri === uri)?.value;
}

/** The children with this local name in the element's own namespace. */
export function childrenNamed(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((c) => c.local === local && c.uri === element.uri);
}

/**
 * The range of an attribute's value (between its quotes) in a start tag, found by reading the
 * tag's attributes in order: `name = "value"` or `'value'`. Undefined when absent.
 */
export function attributeValueRange(xml: string, element: XmlElement, name: string): Range | undefined {
  const tag = xml.slice(element.open[0], element.open[1]);
  const head = /^<[^\s/>]+/.exec(tag);
  if (!head) return undefined;
  const pair = /\s*([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/y;
  pair.lastIndex = head[0].length;
  for (let m = pair.exec(tag); m; m = pair.exec(tag)) {
    if (m[1] === name) {
      const end = pair.lastIndex - 1;
      const start = end - (m[2]!.length - 2);
      return [element.open[0] + start, element.open[0] + end];
    }
  }
  return undefined;
}

/** Text written as XML character data: `&`, `<` and `>` escaped. */
export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
