// XML bodies become JSON with one documented mapping (README "Request parsing"):
// elements are keys, repeated elements become arrays, attributes are `@_name`, an element
// with attributes or mixed content keeps its text in `#text`, and every value stays a
// string (no number guessing: "00123" zip codes survive). Entity expansion is bounded;
// character references (`&#233;`, `&#xE9;`) are decoded as XML requires, HTML's named
// entities (`&nbsp;`) are not: they are not XML.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../lib/errors.ts';
import { MAX_PAYLOAD_DEPTH } from '../lib/json-guard.ts';

// An object here (instead of `true`) means: these named entities, and numeric ones. The
// runtime accepts it (OrderedObjParser reads an object as the entity table); the typings lag.
const XML_ENTITIES = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: { enabled: true, maxEntityCount: 100, maxTotalExpansions: 10_000, maxExpandedLength: 100_000 },
  htmlEntities: XML_ENTITIES as unknown as boolean,
});

export function parseXml(text: string): unknown {
  guardXmlDepth(text);
  guardCharacterReferences(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new UserError(
      400,
      'invalid_xml',
      `request body is not well-formed XML: ${msg} (line ${line}, column ${col})`,
    );
  }
  try {
    return parser.parse(text);
  } catch (err) {
    throw new UserError(400, 'invalid_xml', `request body could not be parsed as XML: ${(err as Error).message}`);
  }
}

const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

/** XML 1.0 `Char`: a reference to anything else is not well-formed (the parser would drop it). */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/**
 * Character references are markup only outside comments, CDATA sections and processing
 * instructions: inside them `&#0;` is plain text, kept as written. Found with indexOf, not a
 * lazy regular expression, so a body of many unterminated `<!--` stays linear.
 */
function guardCharacterReferences(text: string): void {
  let from = 0;
  while (from < text.length) {
    const open = nextOpaqueSection(text, from);
    const end = open ? open.start : text.length;
    checkReferences(text.slice(from, end));
    if (!open) return;
    const close = text.indexOf(open.close, open.start + open.openLength);
    if (close < 0) return; // unterminated: the validator reports it
    from = close + open.close.length;
  }
}

const OPAQUE = [
  { open: '<!--', close: '-->' },
  { open: '<![CDATA[', close: ']]>' },
  { open: '<?', close: '?>' },
];

function nextOpaqueSection(text: string, from: number) {
  let best: { start: number; openLength: number; close: string } | null = null;
  for (const o of OPAQUE) {
    const at = text.indexOf(o.open, from);
    if (at >= 0 && (!best || at < best.start)) best = { start: at, openLength: o.open.length, close: o.close };
  }
  return best;
}

function checkReferences(text: string): void {
  for (const m of text.matchAll(CHAR_REF)) {
    const ref = m[1];
    const code = ref[0] === 'x' ? Number.parseInt(ref.slice(1), 16) : Number.parseInt(ref, 10);
    if (!isXmlChar(code)) {
      throw new UserError(
        400,
        'invalid_xml',
        `request body is not well-formed XML: &#${ref.slice(0, 20)}; is not a character`,
      );
    }
  }
}

/**
 * Element nesting, counted in one pass before anything recursive (the parser's tree
 * building, JSON.stringify in the store) sees the document. Comments, CDATA, processing
 * instructions and the doctype are skipped; quoted attribute values may hold '>'.
 */
export function guardXmlDepth(text: string, maxDepth = MAX_PAYLOAD_DEPTH): void {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text[i + 1];
    let end: number;
    if (text.startsWith('<!--', i)) end = closing(text, '-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) end = closing(text, ']]>', i + 9);
    else if (next === '?') end = closing(text, '?>', i + 2);
    else if (next === '!') end = skipDeclaration(text, i + 2);
    else {
      end = tagEnd(text, i + 1);
      if (next === '/') depth--;
      else if (end > 0 && text[end - 1] !== '/' && ++depth > maxDepth) {
        throw new UserError(400, 'payload_too_deep', `the XML body nests deeper than ${maxDepth} elements`, {
          maxDepth,
        });
      }
    }
    if (end <= 0) return; // unterminated: the validator reports it
    i = text.indexOf('<', end + 1);
  }
}

/** Index of the last character of `marker` after `from`, or -1. */
function closing(text: string, marker: string, from: number): number {
  const k = text.indexOf(marker, from);
  return k < 0 ? -1 : k + marker.length - 1;
}

function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return -1;
}

// <!DOCTYPE x [ <!ENTITY …> … ]> holds '>' inside its internal subset.
function skipDeclaration(text: string, from: number): number {
  let brackets = 0;
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    else if (c === '>' && brackets <= 0) return j;
  }
  return -1;
}
