import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

/** Namespaces of the two syntaxes the gate reads. */
export const NS = {
  ublInvoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  ublCreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
} as const;

/** Parses XML; throws with the parser's message when it is not well-formed. */
export function parseXml(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length || !doc.documentElement) throw new Error(errors[0] ?? 'no root element');
  return doc;
}

/** The child elements of `el` named `prefix:local` (prefix as a key of NS). */
export function kids(el: Element | null | undefined, step: string): Element[] {
  if (!el) return [];
  const [prefix, local] = step.split(':') as [keyof typeof NS, string];
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === NS[prefix]) out.push(n as Element);
  }
  return out;
}

/** Every element reached by a path of steps ("cac:Party/cbc:EndpointID"). */
export function all(el: Element | null | undefined, path: string): Element[] {
  let level: Element[] = el ? [el] : [];
  for (const step of path.split('/')) level = level.flatMap((e) => kids(e, step));
  return level;
}

export function first(el: Element | null | undefined, path: string): Element | undefined {
  return all(el, path)[0];
}

/** The trimmed text at a path, or undefined when the element is missing or empty. */
export function text(el: Element | null | undefined, path: string): string | undefined {
  const found = first(el, path);
  const value = found?.textContent?.trim();
  return value ? value : undefined;
}

export function attr(el: Element | null | undefined, path: string, name: string): string | undefined {
  const found = path ? first(el, path) : (el ?? undefined);
  return found?.getAttribute(name) ?? undefined;
}

export type { Document, Element };
