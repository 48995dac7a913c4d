import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PDFString, PDFHexString, PDFNumber } from '@cantoo/pdf-lib';

/**
 * Finishes the library's ZUGFeRD PDF (PDF/A-3 with factur-x.xml embedded):
 * - puts the repaired CII in place of the library's own (it embeds what it
 *   wrote, before post-process.ts repaired it), keeping the file specification,
 *   its AFRelationship and the catalog's /AF entry;
 * - makes the document information dictionary agree with the XMP metadata
 *   (the library writes different title, creator and producer into the two,
 *   which PDF/A forbids), and drops /Keywords, which has no XMP counterpart there.
 */
export async function finishHybrid(libraryPdf: Uint8Array, repair: (xml: string) => string): Promise<{ pdf: Buffer; xml: string }> {
  const pdf = await PDFDocument.load(libraryPdf, { updateMetadata: false });
  const xml = repair(readEmbeddedXml(pdf));
  replaceEmbeddedXml(pdf, Buffer.from(xml, 'utf8'));
  alignInfoWithXmp(pdf);
  return { pdf: Buffer.from(await pdf.save({ useObjectStreams: false })), xml };
}

function xmlStreamRef(pdf: PDFDocument) {
  const files = embeddedFiles(pdf).filter((f) => f.name.toLowerCase().endsWith('.xml'));
  if (files.length !== 1) throw new Error(`the library's PDF embeds ${files.length} XML files, expected one`);
  return files[0]!.spec.lookup(PDFName.of('EF'), PDFDict).get(PDFName.of('F'));
}

/** The embedded XML as text. */
function readEmbeddedXml(pdf: PDFDocument): string {
  const stream = pdf.context.lookup(xmlStreamRef(pdf), PDFStream);
  if (!(stream instanceof PDFRawStream)) throw new Error('unexpected stream type');
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
}

function embeddedFiles(pdf: PDFDocument): { name: string; spec: PDFDict }[] {
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = tree?.lookupMaybe(PDFName.of('Names'), PDFArray);
  const out: { name: string; spec: PDFDict }[] = [];
  if (!list) return out;
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const name = list.lookup(i);
    const text = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : String(name);
    out.push({ name: text, spec: list.lookup(i + 1, PDFDict) });
  }
  return out;
}

function replaceEmbeddedXml(pdf: PDFDocument, xml: Buffer): void {
  const ref = xmlStreamRef(pdf);
  const old = pdf.context.lookup(ref, PDFStream);
  const fresh = pdf.context.flateStream(xml);
  // Keep Type, Subtype and Params of the embedded file stream; its length, filter and size are the new content's.
  for (const [key, value] of old.dict.entries()) {
    const k = key.asString();
    if (k === '/Length' || k === '/Filter' || k === '/DecodeParms') continue;
    fresh.dict.set(key, value);
  }
  const params = fresh.dict.lookupMaybe(PDFName.of('Params'), PDFDict);
  if (params) {
    params.set(PDFName.of('Size'), PDFNumber.of(xml.length));
    params.delete(PDFName.of('CheckSum'));
  }
  if (!(fresh instanceof PDFRawStream)) throw new Error('unexpected stream type');
  pdf.context.assign(ref as never, fresh);
}

function xmpValue(xmp: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>\\s*(?:<rdf:(?:Alt|Seq|Bag)>\\s*<rdf:li[^>]*>)?([^<]*)<`).exec(xmp);
  return m?.[1]?.trim() || undefined;
}

function alignInfoWithXmp(pdf: PDFDocument): void {
  const meta = pdf.catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream);
  if (!meta) throw new Error('the library wrote no XMP metadata');
  const xmp = Buffer.from((meta as PDFRawStream).getContents()).toString('utf8');
  const title = xmpValue(xmp, 'dc:title');
  const creatorTool = xmpValue(xmp, 'xmp:CreatorTool');
  const producer = xmpValue(xmp, 'pdf:Producer');
  const author = xmpValue(xmp, 'dc:creator');
  const subject = xmpValue(xmp, 'dc:description');
  if (title) pdf.setTitle(title);
  if (creatorTool) pdf.setCreator(creatorTool);
  if (producer) pdf.setProducer(producer);
  if (author) pdf.setAuthor(author);
  if (subject) pdf.setSubject(subject);
  const info = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict);
  info?.delete(PDFName.of('Keywords'));
}
