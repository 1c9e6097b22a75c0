/**
 * A small PDF writer for tests: each page carries its lines of text in a Type0 font with
 * /Encoding /Identity-H (two-byte CIDs equal to the UTF-16 code units) and a /ToUnicode
 * CMap, so text extraction recovers Korean exactly without any embedded glyphs.
 */
export interface KoreanPdfOptions {
  /** Lines of text for each page; an empty list makes a page without text. */
  pages: string[][];
  /** Pages that only paint an image, as a scan without OCR does, instead of text. */
  imageOnly?: boolean;
  /** Adds a Standard security handler the empty password does not open. */
  encrypted?: boolean;
  title?: string;
}

export function buildKoreanPdf(options: KoreanPdfOptions): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const stream = (dictionary: string, content: string): string => {
    const bytes = Buffer.from(content, "latin1");
    return `<< ${dictionary} /Length ${bytes.length} >>\nstream\n${content}\nendstream`;
  };

  const usedUnits = new Set<number>();
  for (const lines of options.pages) for (const line of lines) for (const unit of utf16Units(line)) usedUnits.add(unit);

  const catalog = add("PLACEHOLDER");
  const pagesId = add("PLACEHOLDER");
  const toUnicode = add(stream("", toUnicodeCmap([...usedUnits].sort((a, b) => a - b))));
  const descriptor = add(
    "<< /Type /FontDescriptor /FontName /KoreanTestFont /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KoreanTestFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const font = add(`<< /Type /Font /Subtype /Type0 /BaseFont /KoreanTestFont /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`);

  const scan = options.imageOnly
    ? add(stream("/Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x00\xff\x00\xff".repeat(4)))
    : undefined;

  const pageIds: number[] = [];
  for (const lines of options.pages) {
    const content = scan ? "q 451 0 0 698 72 72 cm /Scan Do Q" : pageContent(lines);
    const contentId = add(stream("", content));
    const images = scan ? ` /XObject << /Scan ${scan} 0 R >>` : "";
    pageIds.push(
      add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >>${images} >> /Contents ${contentId} 0 R >>`),
    );
  }
  objects[catalog - 1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;
  const info = add(`<< /Producer (chatbot ingest tests) /Title <${utf16BeHex(options.title ?? "한국어 문서")}> >>`);
  const encrypt = options.encrypted ? add(`<< /Filter /Standard /V 1 /R 2 /O <${"7a".repeat(32)}> /U <${"3c".repeat(32)}> /P -44 >>`) : undefined;

  let body = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  const id = "0123456789abcdef0123456789abcdef";
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R${
    encrypt ? ` /Encrypt ${encrypt} 0 R` : ""
  } /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

function pageContent(lines: string[]): string {
  const parts = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"];
  for (const line of lines) parts.push(`<${utf16BeHex(line)}> Tj T*`);
  parts.push("ET");
  return parts.join("\n");
}

function utf16Units(text: string): number[] {
  const units: number[] = [];
  for (let index = 0; index < text.length; index += 1) units.push(text.charCodeAt(index));
  return units;
}

function utf16BeHex(text: string): string {
  return utf16Units(text)
    .map((unit) => unit.toString(16).padStart(4, "0"))
    .join("");
}

/** Maps each used CID (a UTF-16 code unit) back to itself; surrogate pairs map unit by unit. */
function toUnicodeCmap(units: number[]): string {
  const hex = (unit: number) => `<${unit.toString(16).padStart(4, "0")}>`;
  const lines = [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
  ];
  for (let start = 0; start < units.length; start += 100) {
    const block = units.slice(start, start + 100);
    lines.push(`${block.length} beginbfchar`);
    for (const unit of block) lines.push(`${hex(unit)} ${hex(unit)}`);
    lines.push("endbfchar");
  }
  lines.push("endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end");
  return lines.join("\n");
}
