/**
 * `--reporter html`: one self-contained page (styles and script inline, nothing fetched) with a
 * summary per vendor, the coverage matrix and every failure with its rule and its exchange,
 * filterable by vendor, operation and check. Everything shown is escaped; exchanges are the
 * recorder's, credentials already redacted.
 */
import { cellOf, uncoveredOf, type StatusCoverage } from './coverage.js';
import type { Exchange } from './http.js';
import type { FailureRecord, FindingItem, RunReport } from './run-report.js';

function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function attrs(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${esc(value ?? '')}"`)
    .join('');
}

function bodyText(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function exchangeHtml(exchange: Exchange): string {
  const { request, response } = exchange;
  const sent = [`${request.method} ${request.url}`, headerLines(request.headers), bodyText(request.body)].filter(Boolean).join('\n\n');
  const got = response
    ? [`${response.status}${exchange.error ? ` (${exchange.error})` : ''} in ${Math.round(exchange.durationMs)} ms`, headerLines(response.headers), response.text].filter(Boolean).join('\n\n')
    : `no response: ${exchange.error ?? 'error'}${exchange.errorDetail ? ` (${exchange.errorDetail})` : ''} after ${Math.round(exchange.durationMs)} ms`;
  return `<div class="exchange">
<div><h4>Sent${exchange.note ? ` <small>${esc(exchange.note)}</small>` : ''}</h4><pre class="sent">${esc(sent)}</pre></div>
<div><h4>Received</h4><pre class="got">${esc(got)}</pre></div>
</div>`;
}

function itemHtml(item: FindingItem): string {
  const details = item.details.length > 0 ? `<ul class="details">${item.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : '';
  return `<div class="item">
<p class="summary">${esc(item.summary)}</p>
<p class="rule">Rule: <code>${esc(item.rule.pointer)}</code><br>${esc(item.rule.says)}</p>
${details}${item.exchange ? exchangeHtml(item.exchange) : ''}
</div>`;
}

function failureHtml(failure: FailureRecord): string {
  const title = `[${failure.check}]${failure.operationId ? ` ${failure.operationId}` : ''}`;
  const items = failure.items.length > 0 ? failure.items.map(itemHtml).join('\n') : `<pre class="message">${esc(failure.message)}</pre>`;
  return `<article class="failure"${attrs({ 'data-vendor': failure.vendor, 'data-operation': failure.operationId ?? '', 'data-check': failure.check })}>
<h3><span class="vendor">${esc(failure.vendor)}</span> ${esc(title)}: ${esc(failure.summary)}</h3>
${items}
</article>`;
}

function cellHtml(s: StatusCoverage | undefined): string {
  if (!s) return '<td class="none-documented"></td>';
  const kind = s.observed === 0 ? (s.apart ? 'apart' : 'unseen') : s.conformed === s.observed ? 'ok' : 'bad';
  const title = s.apart && s.observed === 0 ? s.apart : `${s.observed} seen, ${s.conformed} as documented`;
  return `<td class="${kind}"${attrs({ 'data-status': s.status, title })}>${esc(cellOf(s))}</td>`;
}

function coverageHtml(report: RunReport): string {
  return report.coverage
    .map((vendor) => {
      const statuses = [...new Set(vendor.operations.flatMap((o) => o.statuses.map((s) => s.status)))].sort();
      const rows = vendor.operations
        .map((op) => {
          const cells = statuses.map((status) => cellHtml(op.statuses.find((s) => s.status === status))).join('');
          const extra = op.undocumented.map((u) => `${u.status} ×${u.observed}`).join(', ');
          return `<tr${attrs({ 'data-vendor': vendor.vendor, 'data-operation': op.operationId })}><th scope="row">${esc(op.operationId)} <small>${esc(op.method)} ${esc(op.path)}</small></th>${cells}<td class="undocumented">${esc(extra)}</td></tr>`;
        })
        .join('\n');
      return `<table class="coverage"${attrs({ 'data-vendor': vendor.vendor })}>
<caption>${esc(vendor.vendor)}</caption>
<thead><tr><th scope="col">Operation</th>${statuses.map((s) => `<th scope="col">${esc(s)}</th>`).join('')}<th scope="col">Undocumented</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
    })
    .join('\n');
}

function summaryHtml(report: RunReport): string {
  const rows = report.vendors
    .map((v) => {
      const status = v.failed > 0 || v.stopped > 0 ? 'FAIL' : 'PASS';
      return `<tr class="${status.toLowerCase()}"${attrs({ 'data-vendor': v.vendor })}><th scope="row">${esc(v.vendor)}</th><td>${status}</td><td>${v.passed}</td><td>${v.failed}</td><td>${v.skipped}</td><td>${v.requests}</td><td>${(v.wallMs / 1000).toFixed(1)} s</td></tr>`;
    })
    .join('\n');
  return `<table class="summary"><thead><tr><th scope="col">Vendor</th><th scope="col">Result</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Skipped</th><th scope="col">Requests</th><th scope="col">Time</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function options(id: string, label: string, values: string[]): string {
  const choices = [...new Set(values)].sort().map((v) => `<option value="${esc(v)}">${esc(v)}</option>`);
  return `<label>${label} <select id="${id}"><option value="">all</option>${choices.join('')}</select></label>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 2rem 3rem; color: #1c1c1c; background: #fafafa; }
header { border-bottom: 2px solid #ddd; margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; } h2 { font-size: 1.2rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; background: #fff; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
tr.pass td:nth-child(2) { color: #1a7f37; font-weight: 600; } tr.fail td:nth-child(2) { color: #cf222e; font-weight: 600; }
table.coverage td { white-space: nowrap; }
td.ok { background: #dafbe1; } td.bad { background: #ffd8d3; } td.unseen { background: #fff8c5; } td.apart { color: #777; }
small { color: #666; font-weight: normal; }
#filters { position: sticky; top: 0; background: #fafafa; padding: .5rem 0; border-bottom: 1px solid #ddd; display: flex; gap: 1rem; flex-wrap: wrap; }
.failure { background: #fff; border: 1px solid #e3b5b5; border-left: 4px solid #cf222e; padding: .5rem 1rem; margin: .75rem 0; }
.failure h3 { font-size: 1rem; margin: .25rem 0; } .vendor { color: #666; }
.rule code { background: #f0f0f0; padding: 0 .25rem; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
pre { background: #f6f8fa; border: 1px solid #e5e5e5; padding: .5rem; overflow: auto; max-height: 22rem; white-space: pre-wrap; word-break: break-all; }
[hidden] { display: none !important; }
`;

const SCRIPT = `
(() => {
  const pick = (id) => document.getElementById(id);
  const selects = { vendor: pick('filter-vendor'), operation: pick('filter-operation'), check: pick('filter-check') };
  const matches = (el, keys) => keys.every((k) => !selects[k].value || el.dataset[k] === selects[k].value);
  function apply() {
    let shown = 0;
    for (const el of document.querySelectorAll('article.failure')) {
      el.hidden = !matches(el, ['vendor', 'operation', 'check']);
      if (!el.hidden) shown++;
    }
    for (const el of document.querySelectorAll('table.coverage')) el.hidden = !matches(el, ['vendor']);
    for (const el of document.querySelectorAll('table.coverage tbody tr')) el.hidden = !matches(el, ['vendor', 'operation']);
    pick('failure-count').textContent = String(shown);
    pick('no-failures').hidden = shown > 0;
  }
  for (const select of Object.values(selects)) select.addEventListener('change', apply);
  apply();
})();
`;

/** The page, as one string. */
export function renderHtmlReport(report: RunReport): string {
  const failed = report.failures.length;
  const uncovered = uncoveredOf(report.coverage).length;
  const operations = report.coverage.flatMap((v) => v.operations.map((o) => o.operationId));
  const checks = report.failures.map((f) => f.check);
  const errors = report.errors.length > 0 ? `<section id="errors"><h2>Errors</h2><ul>${report.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></section>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contract run: ${esc(report.target)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Contract run against ${esc(report.target)}</h1>
<p>Started ${esc(report.startedAt)} · ${failed === 0 ? 'no failures' : `${failed} failed check${failed === 1 ? '' : 's'}`} · ${uncovered === 0 ? 'every causable documented status seen' : `${uncovered} documented status${uncovered === 1 ? '' : 'es'} never seen`}</p>
</header>
<section id="vendors"><h2>Vendors</h2>
${summaryHtml(report)}
</section>
${errors}
<section id="filters" aria-label="Filters">
${options('filter-vendor', 'Vendor', report.vendors.map((v) => v.vendor))}
${options('filter-operation', 'Operation', operations)}
${options('filter-check', 'Check', checks)}
</section>
<section id="coverage"><h2>Coverage</h2>
<p><small>Each documented status of each operation: ✓ n seen as documented, ✗ as documented/seen, · never seen, – not causable by a run (hover for why).</small></p>
${coverageHtml(report)}
</section>
<section id="failures"><h2>Failures (<span id="failure-count">${failed}</span>)</h2>
<p id="no-failures"${failed > 0 ? ' hidden' : ''}>No failure matches the filters.</p>
${report.failures.map(failureHtml).join('\n')}
</section>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
