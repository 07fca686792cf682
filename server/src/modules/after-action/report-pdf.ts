// The after-action report as a PDF (A4 landscape) drawn with pdfkit: the same model as the HTML, every row of every
// table, tables broken across pages with their header repeated. A cell shows at most MAX_CELL_LINES lines (a note can
// hold 2,000 characters): longer text ends in "…" and the table's note points to the HTML report, so a row always
// fits on one page. Chinese text uses Noto Sans SC (SIL OFL 1.1, the
// static TTF from the npm package @expo-google-fonts/noto-sans-sc), subset into the file, so any reader shows it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { t } from '../../platform/i18n/messages.js';
import type { Cell, ReportModel, ReportTable, Tone } from './report-model.js';

const FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';
let fontBytes: Buffer | null = null;

/** The font file, read once (10 MB; pdfkit embeds only the glyphs a report uses). */
function font(): Buffer {
  fontBytes ??= readFileSync(createRequire(import.meta.url).resolve(FONT_FILE));
  return fontBytes;
}

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = { top: 34, bottom: 40, side: 30 };
const CONTENT_W = PAGE.width - 2 * MARGIN.side;
const BOTTOM = PAGE.height - MARGIN.bottom;
const PAD = { x: 3.5, y: 2.5 };
const BODY_SIZE = 7.6;
const LINE_GAP = 0.6;
const MAX_CELL_LINES = 12;

const TONES: Record<Tone, string> = { red: '#cf1322', orange: '#d46b08', yellow: '#ad8b00', blue: '#0958d9', green: '#389e0d', muted: '#8c8c8c' };
const INK = '#1f2329';
const GREY = '#666666';
const RULE = '#c3cfdf';
const HEAD_FILL = '#e8eef7';

type Doc = PDFKit.PDFDocument;

function ensureRoom(doc: Doc, height: number): boolean {
  if (doc.y + height <= BOTTOM) return false;
  doc.addPage();
  return true;
}

function heading(doc: Doc, text: string, size: number, colour = INK): void {
  ensureRoom(doc, size * 3.2);
  doc.fillColor(colour).fontSize(size).text(text, MARGIN.side, doc.y, { width: CONTENT_W });
  doc.moveDown(0.25);
}

function widthsOf(tb: ReportTable): number[] {
  const total = tb.columns.reduce((n, c) => n + c.width, 0);
  return tb.columns.map((c) => (c.width / total) * CONTENT_W);
}

interface RowLayout {
  /** The row's height, padding included. */
  h: number;
  /** A cell's text was longer than MAX_CELL_LINES lines. */
  cut: boolean;
}

/** The row's height: its tallest cell, at most MAX_CELL_LINES lines. */
function rowLayout(doc: Doc, tb: ReportTable, cells: Cell[], widths: number[], size: number, head: boolean): RowLayout {
  doc.fontSize(size);
  const limit = MAX_CELL_LINES * (doc.currentLineHeight(true) + LINE_GAP);
  const full = Math.max(...cells.map((cell, i) => doc.heightOfString(cell.text, { width: textBox(tb, cell, widths[i]!, i, head).width, lineGap: LINE_GAP })));
  return { h: Math.min(full, limit) + 2 * PAD.y, cut: full > limit + 0.01 };
}

/** Where a cell's text goes: inside the padding, after the tier's dot when it has one. */
function textBox(tb: ReportTable, cell: Cell, w: number, i: number, head: boolean): { dx: number; width: number; dot: boolean } {
  const dot = !head && tb.columns[i]?.tier === true && !!cell.tone && cell.tone !== 'green' && cell.tone !== 'muted';
  return { dx: PAD.x + (dot ? 7 : 0), width: w - 2 * PAD.x - (dot ? 7 : 0), dot };
}

function drawRow(doc: Doc, tb: ReportTable, cells: Cell[], widths: number[], y: number, h: number, head: boolean): void {
  let x = MARGIN.side;
  cells.forEach((cell, i) => {
    const w = widths[i]!;
    if (head) doc.rect(x, y, w, h).fillAndStroke(HEAD_FILL, RULE);
    else doc.rect(x, y, w, h).lineWidth(0.5).stroke(RULE);
    const box = textBox(tb, cell, w, i, head);
    if (box.dot) doc.circle(x + PAD.x + 2.5, y + PAD.y + BODY_SIZE * 0.62, 2.3).fill(TONES[cell.tone!]);
    // A height keeps pdfkit from breaking the page inside a cell: text beyond it is cut with "…".
    doc.fillColor(head ? INK : cell.tone ? TONES[cell.tone] : INK).fontSize(head ? BODY_SIZE + 0.2 : BODY_SIZE)
      .text(cell.text, x + box.dx, y + PAD.y, { width: box.width, height: h - 2 * PAD.y + 0.5, ellipsis: true, lineGap: LINE_GAP, align: tb.columns[i]!.align ?? 'left' });
    x += w;
  });
}

/** A table: its title, note and header, then every row; a row that does not fit starts a new page under a repeated header. */
function drawTable(doc: Doc, tb: ReportTable, cutNote: string): void {
  const widths = widthsOf(tb);
  const header: Cell[] = tb.columns.map((c) => ({ text: c.label }));
  const headH = rowLayout(doc, tb, header, widths, BODY_SIZE + 0.2, true).h;
  const rows: Cell[][] = tb.rows.length ? tb.rows : [[{ text: tb.empty, tone: 'muted' }, ...tb.columns.slice(1).map(() => ({ text: '' }))]];
  const layouts = rows.map((row) => rowLayout(doc, tb, row, widths, BODY_SIZE, false));
  const note = [tb.note, layouts.some((l) => l.cut) ? cutNote : null].filter(Boolean).join(' ');
  ensureRoom(doc, 14 + (note ? 10 : 0) + headH + layouts[0]!.h);
  doc.fillColor(INK).fontSize(10.5).text(tb.title, MARGIN.side, doc.y, { width: CONTENT_W });
  if (note) doc.fillColor(GREY).fontSize(7.2).text(note, { width: CONTENT_W });
  doc.moveDown(0.2);
  let y = doc.y;
  drawRow(doc, tb, header, widths, y, headH, true);
  y += headH;
  rows.forEach((row, i) => {
    const { h } = layouts[i]!;
    if (y + h > BOTTOM) {
      doc.addPage();
      y = MARGIN.top;
      drawRow(doc, tb, header, widths, y, headH, true);
      y += headH;
    }
    drawRow(doc, tb, row, widths, y, h, false);
    y += h;
  });
  doc.x = MARGIN.side;
  doc.y = y + 10;
}

function drawFigures(doc: Doc, m: ReportModel): void {
  const perRow = 4;
  const gap = 6;
  const w = (CONTENT_W - gap * (perRow - 1)) / perRow;
  const h = 46;
  for (let i = 0; i < m.figures.length; i += perRow) {
    ensureRoom(doc, h + gap);
    const y = doc.y;
    m.figures.slice(i, i + perRow).forEach((f, j) => {
      const x = MARGIN.side + j * (w + gap);
      doc.roundedRect(x, y, w, h, 3).lineWidth(0.6).stroke('#d9e1ec');
      doc.fillColor(GREY).fontSize(7.6).text(f.label, x + 7, y + 5, { width: w - 14, lineBreak: false });
      doc.fillColor(f.tone ? TONES[f.tone] : INK).fontSize(14).text(f.value, x + 7, y + 15, { width: w - 14, lineBreak: false });
      if (f.note) doc.fillColor(GREY).fontSize(6.8).text(f.note, x + 7, y + 34, { width: w - 14, lineBreak: false, ellipsis: true });
    });
    doc.x = MARGIN.side;
    doc.y = y + h + gap;
  }
}

/** The report as PDF bytes. */
export async function reportPdf(m: ReportModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape', bufferPages: true,
    margins: { top: MARGIN.top, bottom: 0, left: MARGIN.side, right: MARGIN.side },
    info: { Title: m.title, Author: 'Chengyun', Subject: m.heading },
    lang: m.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font());
  doc.font('cjk');

  doc.fillColor('#cc0000').fontSize(19).text(m.heading, MARGIN.side, MARGIN.top, { width: CONTENT_W, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.2);
  for (const line of m.meta) doc.fillColor(GREY).fontSize(8.5).text(line, { width: CONTENT_W, align: 'center' });
  const rule = doc.y + 4;
  doc.moveTo(MARGIN.side, rule).lineTo(PAGE.width - MARGIN.side, rule).lineWidth(2).stroke('#cc0000');
  doc.y = rule + 8;
  if (m.partial) {
    doc.fillColor('#ad6800').fontSize(8).text(m.partial, MARGIN.side, doc.y, { width: CONTENT_W });
    doc.moveDown(0.4);
  }
  heading(doc, t(m.locale, 'afterAction.html.summary'), 13, '#0958d9');
  drawFigures(doc, m);
  doc.moveDown(0.3);
  const cutNote = t(m.locale, 'afterAction.pdf.cut', { n: MAX_CELL_LINES });
  for (const tb of m.summary) drawTable(doc, tb, cutNote);
  doc.addPage();
  heading(doc, t(m.locale, 'afterAction.html.details'), 13, '#0958d9');
  for (const tb of m.tables) drawTable(doc, tb, cutNote);

  // Footer on every page: the report's title and the page number.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - MARGIN.bottom + 14;
    doc.fillColor(GREY).fontSize(7).text(m.title, MARGIN.side, y, { width: CONTENT_W / 2, lineBreak: false });
    doc.text(t(m.locale, 'afterAction.pdf.page', { n: i + 1 }), MARGIN.side + CONTENT_W / 2, y, { width: CONTENT_W / 2, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
