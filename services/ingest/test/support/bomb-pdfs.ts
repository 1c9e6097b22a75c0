import { deflateSync } from "node:zlib";

/**
 * Minimal PDFs that are small on disk and vast once read, as a hostile uploader makes
 * them. Objects: 1 catalog, 2 page tree, 3 font, 4 the content stream every page shares,
 * then the pages.
 */
function buildPdf(pages: number, stream: { body: Buffer; filter?: string }): Buffer {
  const objects: Buffer[] = [];
  const pageIds = Array.from({ length: pages }, (_, index) => index + 5);
  objects.push(Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"));
  objects.push(Buffer.from(`<< /Type /Pages /Count ${pages} /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] >>`));
  objects.push(Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
  const filter = stream.filter ? ` /Filter /${stream.filter}` : "";
  objects.push(Buffer.concat([Buffer.from(`<< /Length ${stream.body.length}${filter} >>\nstream\n`), stream.body, Buffer.from("\nendstream")]));
  const page = Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
  for (let index = 0; index < pages; index += 1) objects.push(page);

  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, "0000000000 65535 f \n", ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A line of text drawn `lines` times, each on its own line. */
function textOperators(line: string, lines: number): Buffer {
  return Buffer.from(`BT /F1 10 Tf 12 TL 40 760 Td\n${`(${line}) Tj T*\n`.repeat(lines)}ET`, "latin1");
}

/** `pages` pages that all draw the same short text: about 60 bytes of file per page. */
export function manyPagesPdf(pages: number, linesPerPage = 3): Buffer {
  return buildPdf(pages, { body: textOperators("Many pages share one content stream.", linesPerPage) });
}

/**
 * `pages` pages sharing one compressed content stream that inflates to about `megabytes`
 * MB of text operators; every page reads the whole stream again.
 */
export function inflatingPdf(megabytes: number, pages = 1): Buffer {
  const line = "A stream that inflates a thousandfold fills the page with text.";
  const lines = Math.ceil((megabytes * 1024 * 1024) / (line.length + 8));
  return buildPdf(pages, { body: deflateSync(textOperators(line, lines), { level: 9 }), filter: "FlateDecode" });
}
