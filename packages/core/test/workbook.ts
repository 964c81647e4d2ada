// Small .xlsx workbooks made in the test, part by part with fflate, so every case the reader meets has its own file.
import { strToU8, zipSync, type Zippable } from 'fflate';

/** A cell: text becomes a shared string, a number a number; an object says the stored type and style itself. */
export type FixtureCell = string | number | null | { t?: 's' | 'inlineStr' | 'str' | 'b' | 'e' | 'n' | 'd'; v: string; s?: number; rich?: string };

export interface FixtureSheet {
  name: string;
  rows: FixtureCell[][];
  /** The row number of the first row (1 when not given); rows are numbered on from there. */
  firstRow?: number;
  hidden?: boolean;
}

export interface FixtureWorkbook {
  sheets: FixtureSheet[];
  /** Custom number formats, id from 164 on as Excel numbers them. */
  numFmts?: { id: number; code: string }[];
  /** The number format of each cell style; style 0 is "General" unless said otherwise. */
  styles?: number[];
  date1904?: boolean;
  /** Parts added or replaced as they are, e.g. a sheet with a DOCTYPE. */
  parts?: Record<string, string | Uint8Array>;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function column(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The bytes of an .xlsx holding the sheets. */
export function buildWorkbook(book: FixtureWorkbook): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = (text: string) => {
    const found = shared.indexOf(text);
    if (found >= 0) return found;
    shared.push(text);
    return shared.length - 1;
  };
  const files: Zippable = {};
  book.sheets.forEach((sheet, sheetIndex) => {
    const rows = sheet.rows
      .map((cells, rowIndex) => {
        const number = (sheet.firstRow ?? 1) + rowIndex;
        const xml = cells
          .map((cell, columnIndex) => {
            const ref = `${column(columnIndex)}${number}`;
            if (cell === null) return '';
            if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
            if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${sharedIndex(cell)}</v></c>`;
            const style = cell.s === undefined ? '' : ` s="${cell.s}"`;
            if (cell.t === 'inlineStr') return `<c r="${ref}" t="inlineStr"${style}><is><t>${escape(cell.v)}</t></is></c>`;
            if (cell.rich !== undefined) return `<c r="${ref}" t="s"${style}><v>${shared.push(cell.rich) - 1}</v></c>`;
            return `<c r="${ref}"${cell.t ? ` t="${cell.t}"` : ''}${style}><v>${escape(cell.v)}</v></c>`;
          })
          .join('');
        return xml === '' ? '' : `<row r="${number}">${xml}</row>`;
      })
      .join('');
    files[`xl/worksheets/sheet${sheetIndex + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`,
    );
  });
  const sheetList = book.sheets
    .map((sheet, index) => `<sheet name="${escape(sheet.name)}" sheetId="${index + 1}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${index + 1}"/>`)
    .join('');
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${book.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetList}</sheets></workbook>`,
  );
  const relations = book.sheets.map((_, index) => `<Relationship Id="rId${index + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`);
  const n = book.sheets.length;
  relations.push(`<Relationship Id="rId${n + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  relations.push(`<Relationship Id="rId${n + 2}" Type="${REL}/styles" Target="styles.xml"/>`);
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relations.join('')}</Relationships>`,
  );
  const items = shared.map((text) => (text.startsWith('<') ? `<si>${text}</si>` : `<si><t xml:space="preserve">${escape(text)}</t></si>`)).join('');
  files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${MAIN}" count="${shared.length}" uniqueCount="${shared.length}">${items}</sst>`);
  const numFmts = (book.numFmts ?? []).map((format) => `<numFmt numFmtId="${format.id}" formatCode="${escape(format.code)}"/>`).join('');
  const xfs = (book.styles ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`).join('');
  files['xl/styles.xml'] = strToU8(`<styleSheet xmlns="${MAIN}"><numFmts>${numFmts}</numFmts><cellXfs>${xfs}</cellXfs></styleSheet>`);
  files['_rels/.rels'] = strToU8(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files['[Content_Types].xml'] = strToU8(
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
  );
  for (const [path, content] of Object.entries(book.parts ?? {})) files[path] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(files);
}

/** An OpenDocument spreadsheet: the media type stored first, then content.xml with the sheets. */
export function buildOds(tables: string): Uint8Array {
  const content =
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">' +
    `<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  return zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8(content) });
}
