// XML bodies become JSON with one documented mapping (README "Request parsing"):
// elements are keys, repeated elements become arrays, attributes are `@_name`, an element
// with attributes or mixed content keeps its text in `#text`, and every value stays a
// string (no number guessing: "00123" zip codes survive). Entity expansion is bounded.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../lib/errors.ts';

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
  htmlEntities: false,
});

export function parseXml(text: string): unknown {
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
