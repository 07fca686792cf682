// The after-action report as one printable HTML page (A4 landscape, table headers repeated on every printed page,
// no row split across pages). Everything shown is escaped; the one inline script (the print button) is allowed by
// its hash in the response's Content-Security-Policy.
import { createHash } from 'node:crypto';
import { t } from '../../platform/i18n/messages.js';
import type { Cell, Figure, ReportModel, ReportTable } from './report-model.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const SCRIPT = "document.getElementById('cy-print').addEventListener('click',function(){window.print()});";
/** Content-Security-Policy for the report: inline styles, this script and nothing else. */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; base-uri 'none'; form-action 'none'`;

const STYLE = `
@page { size: A4 landscape; margin: 11mm 10mm 13mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f5; color: #1f2329; font: 12px/1.5 "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif; }
.toolbar { position: sticky; top: 0; z-index: 2; display: flex; gap: 8px; justify-content: flex-end; padding: 8px 16px; background: #001529; }
.toolbar button, .toolbar a { font: inherit; font-size: 13px; padding: 4px 14px; border-radius: 4px; border: 1px solid #1677ff; background: #1677ff; color: #fff; cursor: pointer; text-decoration: none; }
.toolbar a.secondary { background: transparent; color: #d6e4ff; border-color: #4d6b99; }
.page { max-width: 1180px; margin: 16px auto 32px; padding: 26px 30px 20px; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.12); }
.doc-head { border-bottom: 3px solid #c00; padding-bottom: 10px; margin-bottom: 14px; }
h1 { margin: 0 0 6px; font-size: 24px; letter-spacing: 2px; color: #c00; text-align: center; }
.meta { margin: 0; text-align: center; color: #555; }
.partial { margin: 10px 0 0; padding: 6px 10px; background: #fffbe6; border: 1px solid #ffe58f; }
h2 { margin: 18px 0 8px; font-size: 17px; padding-left: 8px; border-left: 4px solid #1677ff; }
h3 { margin: 14px 0 4px; font-size: 14px; }
.note { margin: 0 0 6px; color: #666; font-size: 11px; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.figure { border: 1px solid #d9e1ec; border-radius: 4px; padding: 8px 10px; break-inside: avoid; }
.figure .label { color: #555; font-size: 12px; }
.figure .value { font-size: 22px; font-weight: 700; line-height: 1.3; }
.figure .fnote { color: #666; font-size: 11px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 6px; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #e8eef7; border: 1px solid #c3cfdf; padding: 4px 5px; text-align: left; font-weight: 600; font-size: 11.5px; }
td { border: 1px solid #dbe2ea; padding: 3px 5px; vertical-align: top; word-break: break-word; font-size: 11.5px; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.r, th.r { text-align: right; } td.c, th.c { text-align: center; }
td.empty { text-align: center; color: #888; padding: 10px; }
.t-red { color: #cf1322; font-weight: 600; } .t-orange { color: #d46b08; font-weight: 600; } .t-yellow { color: #ad8b00; font-weight: 600; }
.t-blue { color: #0958d9; font-weight: 600; } .t-green { color: #389e0d; } .t-muted { color: #8c8c8c; }
td.tier { white-space: nowrap; } td.tier::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 4px; background: currentColor; vertical-align: 1px; }
.figure.t-red .value { color: #cf1322; } .figure.t-orange .value { color: #d46b08; }
.detail { margin-top: 8px; }
footer { margin-top: 16px; color: #888; font-size: 11px; text-align: center; }
@media print {
  body { background: #fff; }
  .no-print { display: none !important; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .detail { break-before: page; }
  h2, h3, .note { break-after: avoid; page-break-after: avoid; }
  tbody tr:nth-child(even) td { background: transparent; }
}`;

const cellClass = (cell: Cell, align?: string, tier?: boolean) =>
  [align === 'right' ? 'r' : align === 'center' ? 'c' : '', cell.tone ? `t-${cell.tone}` : '', tier && cell.tone && cell.tone !== 'green' ? 'tier' : ''].filter(Boolean).join(' ');

function table(tb: ReportTable): string {
  const total = tb.columns.reduce((n, c) => n + c.width, 0);
  const cols = tb.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`).join('');
  const head = tb.columns.map((c) => `<th${c.align === 'right' ? ' class="r"' : ''}>${esc(c.label)}</th>`).join('');
  const body = tb.rows.length === 0
    ? `<tr><td class="empty" colspan="${tb.columns.length}">${esc(tb.empty)}</td></tr>`
    : tb.rows.map((r, i) => `<tr data-row="${i + 1}">${r.map((cell, j) => {
      const cls = cellClass(cell, tb.columns[j]?.align, tb.columns[j]?.tier);
      return `<td${cls ? ` class="${cls}"` : ''}>${esc(cell.text)}</td>`;
    }).join('')}</tr>`).join('\n');
  return `<section class="table-section" data-table="${esc(tb.key)}">
<h3>${esc(tb.title)}</h3>${tb.note ? `<p class="note">${esc(tb.note)}</p>` : ''}
<table><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></section>`;
}

const figure = (f: Figure) => `<div class="figure${f.tone ? ` t-${f.tone}` : ''}"><div class="label">${esc(f.label)}</div><div class="value">${esc(f.value)}</div>${f.note ? `<div class="fnote">${esc(f.note)}</div>` : ''}</div>`;

/** The whole report as an HTML document; `links` are the PDF and the replay screen (relative to the report's URL or absolute paths). */
export function reportHtml(m: ReportModel, links: { pdf: string; replay: string }): string {
  const L = (key: string) => t(m.locale, `afterAction.html.${key}`);
  return `<!doctype html>
<html lang="${m.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(m.title)}</title><style>${STYLE}</style></head>
<body>
<nav class="toolbar no-print"><a class="secondary" href="${esc(links.replay)}" data-testid="report-replay">${esc(L('replay'))}</a><a href="${esc(links.pdf)}" data-testid="report-pdf">${esc(L('pdf'))}</a><button type="button" id="cy-print">${esc(L('print'))}</button></nav>
<main class="page">
<header class="doc-head"><h1>${esc(m.heading)}</h1>${m.meta.map((x) => `<p class="meta">${esc(x)}</p>`).join('')}${m.partial ? `<p class="partial">${esc(m.partial)}</p>` : ''}</header>
<h2>${esc(L('summary'))}</h2>
<div class="figures">${m.figures.map(figure).join('')}</div>
${m.summary.map(table).join('\n')}
<div class="detail"><h2>${esc(L('details'))}</h2>
${m.tables.map(table).join('\n')}
</div>
<footer>${esc(L('generated'))}</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
