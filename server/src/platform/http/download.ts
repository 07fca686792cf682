// A file download's headers: the Content-Disposition with the file's Chinese name and an ASCII fallback, and the
// Beijing date that stamps exported files' names (a ledger, a roster, a report exported at 00:30 is that day's).

const BEIJING_MS = 8 * 3_600_000;

/** `YYYYMMDD` of the Beijing date, for file names. */
export function beijingDay(now: Date): string {
  return new Date(now.getTime() + BEIJING_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 5987 / RFC 6266). */
export function attachment(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}
