// A table from a file's bytes, whatever the office saved it as: CSV text or an Excel workbook, told by the bytes.
import { SozialraumError, message } from '../errors.js';
import { parseCsv, type CsvOptions, type Table } from './csv.js';
import { decodeText } from './text.js';

export interface TableReadOptions extends CsvOptions {
  /** The sheet of a workbook, by name or number (1 = the first); the first visible sheet when not given. */
  sheet?: string;
  /** The row of a workbook's column names as the spreadsheet shows it; found when not given. */
  headerRow?: number;
  /** What a workbook's parts may expand to together (ZIP_EXPANSION_LIMIT, 256 MB, when not given). */
  maxExpandedBytes?: number;
}

/** The four bytes every zip archive (and so every .xlsx, .ods, .docx) starts with: "PK\3\4". */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The eight bytes an OLE compound file starts with: a legacy .xls, or an .xlsx encrypted with a password. */
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What the first bytes say a table file is: a zip (an .xlsx), an OLE compound file (.xls or encrypted), or text. */
export function tableFileKind(bytes: Uint8Array): 'zip' | 'compound' | 'text' {
  if (isZip(bytes)) return 'zip';
  if (COMPOUND_FILE.every((byte, index) => bytes[index] === byte)) return 'compound';
  return 'text';
}

const WORKBOOK_NAME = /\.(xlsx|xlsm|xltx|xls|ods)$/i;

/**
 * Reads a table from its bytes. A zip is read as an Excel workbook (the reader is loaded only then, so a page that
 * reads CSV does not carry it); an OLE compound file is refused as a legacy or encrypted workbook; text is read as
 * CSV, except when the name promises a workbook, since then the file is a CSV renamed and its cells were never
 * typed as the name says.
 */
export async function readTable(bytes: Uint8Array, options: TableReadOptions): Promise<Table> {
  const { source, sheet, headerRow, maxExpandedBytes, ...csv } = options;
  const kind = tableFileKind(bytes);
  if (kind === 'zip') {
    const { readWorkbookTable } = await import('./xlsx.js');
    return readWorkbookTable(bytes, {
      source,
      ...(sheet !== undefined ? { sheet } : {}),
      ...(headerRow !== undefined ? { headerRow } : {}),
      ...(maxExpandedBytes !== undefined ? { maxExpandedBytes } : {}),
    });
  }
  if (kind === 'compound') throw compoundFileError(bytes, source);
  const name = source.split(/[?#]/)[0] ?? source;
  if (WORKBOOK_NAME.test(name)) {
    throw new SozialraumError(
      'unknown-format',
      message(
        'is named like an Excel workbook but holds text, not a workbook: probably a CSV file renamed; give it the extension .csv',
        'heißt wie eine Excel-Arbeitsmappe, enthält aber Text, keine Arbeitsmappe: wahrscheinlich eine umbenannte CSV-Datei; geben Sie ihr die Endung .csv',
      ),
      { source },
    );
  }
  if (sheet !== undefined || headerRow !== undefined) {
    throw new SozialraumError(
      'parse-error',
      message(
        'is a CSV table; a sheet and a header row can only be chosen in an Excel workbook',
        'ist eine CSV-Tabelle; ein Blatt und eine Kopfzeile lassen sich nur in einer Excel-Arbeitsmappe wählen',
      ),
      { source },
    );
  }
  return parseCsv(decodeText(bytes), { source, ...csv });
}

/**
 * An encrypted .xlsx is an OLE compound file holding the streams "EncryptionInfo" and "EncryptedPackage"; any other
 * compound file is taken for a workbook of Excel 97–2003.
 */
function compoundFileError(bytes: Uint8Array, source: string): SozialraumError {
  const encrypted = includesUtf16(bytes, 'EncryptedPackage');
  return new SozialraumError(
    'unknown-format',
    encrypted
      ? message(
          'is an Excel workbook protected by a password (encrypted); open it in Excel and save it without a password, or as CSV',
          'ist eine mit Kennwort geschützte (verschlüsselte) Excel-Arbeitsmappe; öffnen Sie sie in Excel und speichern Sie sie ohne Kennwort oder als CSV',
        )
      : message(
          'is an Excel 97–2003 workbook (.xls) or another OLE compound file, which is not read; save it as Excel workbook (.xlsx) or as CSV',
          'ist eine Excel-97–2003-Arbeitsmappe (.xls) oder eine andere OLE-Verbunddatei, die nicht gelesen wird; speichern Sie sie als Excel-Arbeitsmappe (.xlsx) oder als CSV',
        ),
    { source },
  );
}

/** Whether the bytes hold the text in UTF-16 little endian, as the directory of a compound file names its streams. */
function includesUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index += 1) pattern[index * 2] = text.charCodeAt(index);
  return includesBytes(bytes, pattern);
}

function includesBytes(bytes: Uint8Array, pattern: Uint8Array): boolean {
  outer: for (let start = bytes.indexOf(pattern[0]!); start >= 0 && start + pattern.length <= bytes.length; start = bytes.indexOf(pattern[0]!, start + 1)) {
    for (let offset = 1; offset < pattern.length; offset += 1) if (bytes[start + offset] !== pattern[offset]) continue outer;
    return true;
  }
  return false;
}

/**
 * Whether a zip archive is a spreadsheet, from the names of its parts, which a zip stores uncompressed: an .xlsx
 * has "xl/workbook.xml" (its content types are checked when it is read), an .ods starts with its media type.
 */
export function isSpreadsheetZip(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  return (
    includesBytes(bytes, new TextEncoder().encode('xl/workbook')) || includesBytes(bytes.subarray(0, 256), new TextEncoder().encode('opendocument.spreadsheet'))
  );
}
