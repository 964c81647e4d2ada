// Bytes to text the way German office exports need it: UTF-8 with or without BOM, else Windows-1252.

/**
 * Decodes a file's bytes. UTF-8 is tried first (a BOM is removed); bytes that are not valid UTF-8 are read as
 * Windows-1252, the encoding spreadsheet programs on German Windows machines write CSV in.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return stripBom(text);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The last path segment of a URL or file path, for messages: "…/lor.geojson?x=1" → "lor.geojson". */
export function sourceName(pathOrUrl: string): string {
  const withoutQuery = pathOrUrl.split(/[?#]/)[0] ?? pathOrUrl;
  const segments = withoutQuery.split(/[\\/]/).filter(Boolean);
  return segments[segments.length - 1] ?? pathOrUrl;
}
