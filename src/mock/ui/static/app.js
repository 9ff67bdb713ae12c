// The mock's page. Preact + htm from the mock's own node_modules (no bundler, no CDN); every
// request goes to this origin's /__mock/ API, writes as application/json (the admin API's rules).
import { h, render } from '/__mock/ui/lib/preact.mjs';
import { useCallback, useEffect, useMemo, useRef, useState } from '/__mock/ui/lib/hooks.mjs';
import htm from '/__mock/ui/lib/htm.mjs';

const html = htm.bind(h);

const VIEWS = [
  ['requests', 'Requests'],
  ['state', 'State'],
  ['vendors', 'Vendors'],
  ['actions', 'Actions'],
];
const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'];
const STATUS_WORDS = { '1xx': 'info', '2xx': 'success', '3xx': 'redirect', '4xx': 'client error', '5xx': 'server error' };
const CODE_PAGE = 20;
const LOG_PAGE = 100;

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: init.body === undefined ? init.headers : { 'Content-Type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) throw new Error(body && body.error ? body.error : `${response.status} ${text}`);
  return body;
}

const post = (path, body) => api(path, { method: 'POST', body: JSON.stringify(body ?? {}) });
const statusClass = (status) => `${Math.floor(status / 100)}xx`;
const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const show = (value) => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  // Timestamps in the reader's time zone, short: the exact value is one request away.
  if (typeof value === 'string' && ISO_TIME.test(value)) {
    return new Date(value).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }
  return String(value);
};

function useHashView() {
  const read = () => {
    const name = location.hash.replace(/^#/, '').split('/')[0];
    return VIEWS.some(([id]) => id === name) ? name : 'requests';
  };
  const [view, setView] = useState(read);
  useEffect(() => {
    const onHash = () => setView(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return view;
}

/** One EventSource for the page; it reconnects by itself (the server sends `retry: 1000`). */
function useEvents(handlers) {
  const [live, setLive] = useState('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    let instance;
    const source = new EventSource('/__mock/events');
    source.addEventListener('open', () => setLive('live'));
    source.addEventListener('error', () => setLive('reconnecting'));
    source.addEventListener('hello', (event) => {
      const hello = JSON.parse(event.data);
      // Another instance: the mock restarted; everything shown is stale.
      if (instance !== undefined && hello.instance !== instance) latest.current.restarted?.();
      instance = hello.instance;
      setLive('live');
    });
    for (const name of ['request', 'state', 'log-cleared']) {
      source.addEventListener(name, (event) => latest.current[name]?.(JSON.parse(event.data)));
    }
    return () => source.close();
  }, []);
  return live;
}

/**
 * Wraps a loader so that only the answer to the latest call is applied: a slow answer for the
 * previous filter, store or page never overwrites the current one.
 */
function useLatestOnly() {
  const ticket = useRef(0);
  return useCallback((promise, apply, fail) => {
    const mine = ++ticket.current;
    promise.then(
      (value) => mine === ticket.current && apply(value),
      (error) => mine === ticket.current && fail?.(error),
    );
  }, []);
}

/** Runs `fn` at most once per `ms`, trailing: a burst of events is one reload. */
function useThrottled(fn, ms) {
  const timer = useRef();
  const latest = useRef(fn);
  latest.current = fn;
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}

function App() {
  const view = useHashView();
  const [vendors, setVendors] = useState([]);
  const [error, setError] = useState('');
  const [generation, setGeneration] = useState(0);
  const [stateTick, setStateTick] = useState({ n: 0, vendors: [] });
  const [requestTick, setRequestTick] = useState({ n: 0, entry: undefined, cleared: 0 });

  const loadVendors = useCallback(() => {
    api('/__mock/ui/api/vendors')
      .then((body) => {
        setVendors(body.vendors);
        setError('');
      })
      .catch((e) => setError(e.message));
  }, []);
  useEffect(loadVendors, [generation]);

  const live = useEvents({
    request: (entry) => setRequestTick((t) => ({ ...t, n: t.n + 1, entry })),
    state: (change) => setStateTick((t) => ({ n: t.n + 1, vendors: change.vendors })),
    'log-cleared': () => {
      setRequestTick((t) => ({ ...t, cleared: t.cleared + 1 }));
      loadVendors();
    },
    restarted: () => setGeneration((g) => g + 1),
  });

  return html`
    <header class="top">
      <h1>coupon-contracts mock</h1>
      <span class=${`live live-${live}`} role="status" aria-live="polite">${live === 'live' ? '● live' : live === 'reconnecting' ? '○ reconnecting…' : '○ connecting…'}</span>
      <nav aria-label="Views">
        ${VIEWS.map(([id, label]) => html`<a href=${`#${id}`} aria-current=${view === id ? 'page' : undefined}>${label}</a>`)}
      </nav>
    </header>
    <main id="main" tabindex="-1">
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${view === 'requests' && html`<${RequestsView} key=${generation} vendors=${vendors} tick=${requestTick} />`}
      ${view === 'state' && html`<${StateView} key=${generation} vendors=${vendors} tick=${stateTick} />`}
      ${view === 'vendors' && html`<${VendorsView} vendors=${vendors} />`}
      ${view === 'actions' && html`<${ActionsView} vendors=${vendors} onChanged=${loadVendors} />`}
    </main>
  `;
}

// ---- Requests ---------------------------------------------------------------------------------

function StatusBadge({ status }) {
  const cls = statusClass(status);
  return html`<span class=${`badge status-${cls}`}><b>${status}</b> ${STATUS_WORDS[cls] ?? ''}</span>`;
}

function RequestsView({ vendors, tick }) {
  const [filter, setFilter] = useState({ vendor: '', status: '', operation: '' });
  const [rows, setRows] = useState([]);
  const [operations, setOperations] = useState({});
  const [selected, setSelected] = useState();
  const [shown, setShown] = useState(LOG_PAGE);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();

  const latestOnly = useLatestOnly();
  const load = useCallback(() => {
    latestOnly(api(`/__mock/ui/api/requests?${query}&limit=${shown}`), (body) => {
      setRows(body.requests);
      setOperations(body.operations);
    });
  }, [query, shown]);
  const reload = useThrottled(load, 150);
  useEffect(load, [query, shown, tick.cleared]);
  useEffect(() => {
    if (tick.entry) reload();
  }, [tick.n]);

  const operationChoices = useMemo(() => {
    const fromSpecs = vendors.filter((v) => !filter.vendor || v.vendor === filter.vendor).flatMap((v) => v.operations.map((o) => o.operationId));
    return [...new Set([...fromSpecs, ...Object.values(operations).flat()])].sort();
  }, [vendors, operations, filter.vendor]);

  const set = (key) => (event) => setFilter({ ...filter, [key]: event.target.value });
  return html`
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">Requests <small>newest first, live</small></h2>
      <form class="filters" onSubmit=${(e) => e.preventDefault()}>
        <label>Vendor
          <select value=${filter.vendor} onChange=${set('vendor')}>
            <option value="">all</option>
            ${vendors.map((v) => html`<option value=${v.vendor}>${v.vendor}</option>`)}
          </select>
        </label>
        <label>Status
          <select value=${filter.status} onChange=${set('status')}>
            <option value="">all</option>
            ${STATUS_CLASSES.map((c) => html`<option value=${c}>${c} ${STATUS_WORDS[c]}</option>`)}
          </select>
        </label>
        <label>Operation
          <select value=${filter.operation} onChange=${set('operation')}>
            <option value="">all</option>
            ${operationChoices.map((o) => html`<option value=${o}>${o}</option>`)}
          </select>
        </label>
      </form>
      <div class="split">
        <div class="log" role="region" aria-label="Request log">
          ${rows.length === 0
            ? html`<p class="empty">No requests yet${query ? ' that match the filter' : ''}. Send one to a vendor's base URL (see Vendors).</p>`
            : html`<ol class="requests">
                ${rows.map(
                  (r) => html`<li key=${r.id}>
                    <button
                      class=${`request ${selected === r.id ? 'selected' : ''}`}
                      aria-pressed=${selected === r.id}
                      data-request-id=${r.id}
                      onClick=${() => setSelected(r.id)}
                    >
                      <span class="time">${timeOf(r.at)}</span>
                      <span class="method">${r.method}</span>
                      <${StatusBadge} status=${r.status} />
                      <span class="path">${r.path}${r.query}</span>
                      <span class="operation">${r.vendor} · ${r.operationId ?? 'no operation'}</span>
                      <span class="duration">${r.durationMs} ms</span>
                    </button>
                  </li>`,
                )}
              </ol>`}
          ${rows.length >= shown && html`<button class="secondary more" onClick=${() => setShown(shown + LOG_PAGE)}>Show older requests</button>`}
        </div>
        ${selected !== undefined && html`<${RequestDetail} id=${selected} onClose=${() => setSelected(undefined)} />`}
      </div>
    </section>
  `;
}

function RequestDetail({ id, onClose }) {
  const [entry, setEntry] = useState();
  const [error, setError] = useState('');
  const heading = useRef();
  useEffect(() => {
    setEntry(undefined);
    api(`/__mock/ui/api/requests/${id}`)
      .then((body) => {
        setEntry(body);
        setError('');
      })
      .catch((e) => setError(e.message));
  }, [id]);
  useEffect(() => heading.current?.focus(), [entry]);
  return html`
    <aside class="detail" aria-labelledby="detail-title">
      <div class="detail-head">
        <h3 id="detail-title" tabindex="-1" ref=${heading}>Request #${id}</h3>
        <button class="secondary" onClick=${onClose}>Close</button>
      </div>
      ${error && html`<p class="error">${error}</p>`}
      ${entry &&
      html`
        <p class="line"><b>${entry.method}</b> <code>${entry.path}${entry.query}</code></p>
        <p class="line"><${StatusBadge} status=${entry.status} /> ${entry.vendor}${entry.tenant ? ` (${entry.tenant})` : ''} · ${entry.operationId ?? 'no operation'} · ${entry.durationMs} ms · ${new Date(entry.at).toLocaleString()}</p>
        ${entry.violations.length > 0 &&
        html`<section class="violations" aria-label="Rules broken">
          <h4>Why it was rejected</h4>
          <ul>
            ${entry.violations.map(
              (v) => html`<li class="violation">
                <p>${v.message}</p>
                <dl>
                  ${v.rule && html`<dt>rule</dt><dd><code class="rule">${v.rule}</code></dd>`}
                  ${v.field && html`<dt>field</dt><dd><code>${v.field}</code>${v.location ? ` in ${v.location}` : ''}</dd>`}
                  ${v.pointer && html`<dt>spec</dt><dd><code class="pointer">${entry.vendor}.yaml#${v.pointer}</code></dd>`}
                </dl>
              </li>`,
            )}
          </ul>
        </section>`}
        <h4>Request headers</h4>
        <pre>${Object.entries(entry.requestHeaders).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
        <h4>Request body</h4>
        <pre>${entry.requestBody === undefined ? '(none)' : JSON.stringify(entry.requestBody, null, 2)}</pre>
        <h4>Response body</h4>
        <pre>${entry.responseBody === undefined ? '(none)' : JSON.stringify(entry.responseBody, null, 2)}</pre>
      `}
    </aside>
  `;
}

// ---- State ------------------------------------------------------------------------------------

function useVendorChoice(vendors) {
  const [chosen, setChosen] = useState(() => new URLSearchParams(location.hash.split('/')[1] ?? '').get('vendor') ?? '');
  const vendor = vendors.find((v) => v.vendor === chosen) ?? vendors[0];
  return [vendor, setChosen];
}

function StateView({ vendors, tick }) {
  const [vendor, setVendor] = useVendorChoice(vendors);
  const [tenant, setTenant] = useState('');
  const [state, setState] = useState();
  const [error, setError] = useState('');
  const name = vendor?.vendor;
  const latestOnly = useLatestOnly();
  const load = useCallback(() => {
    if (!name) return;
    latestOnly(
      api(`/__mock/ui/api/state?vendor=${encodeURIComponent(name)}&tenant=${encodeURIComponent(tenant)}`),
      (body) => {
        setState(body);
        setError('');
      },
      (e) => setError(e.message),
    );
  }, [name, tenant]);
  const reload = useThrottled(load, 150);
  useEffect(load, [name, tenant, vendor?.owners.length]);
  useEffect(() => {
    if (tick.n && (tick.vendors.includes('*') || tick.vendors.includes(name))) reload();
  }, [tick.n]);

  if (!vendor) return html`<p>No vendor is mounted.</p>`;
  return html`
    <section aria-labelledby="state-title">
      <h2 id="state-title">State</h2>
      <div class="tabs" role="group" aria-label="Vendor">
        ${vendors.map(
          (v) => html`<button aria-pressed=${v.vendor === name} class=${v.vendor === name ? 'tab active' : 'tab'} onClick=${() => { setVendor(v.vendor); setTenant(''); }}>${v.vendor}</button>`,
        )}
      </div>
      ${vendor.tenantVariable &&
      html`<${TenantPicker} vendor=${vendor} tenants=${state?.tenants ?? []} tenant=${tenant || vendor.defaultTenant} onPick=${setTenant} />`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${state && state.vendor === name && state.owners.map((owner) => html`<${OwnerCard} key=${`${name}:${owner.id}`} vendor=${vendor} tenant=${state.tenant} owner=${owner} tick=${tick} />`)}
    </section>
  `;
}

function TenantPicker({ vendor, tenants, tenant, onPick }) {
  const [typed, setTyped] = useState('');
  return html`
    <form class="filters" onSubmit=${(e) => { e.preventDefault(); if (typed.trim()) onPick(typed.trim()); }}>
      <label>${vendor.tenantVariable}
        <select aria-label=${vendor.tenantVariable} value=${tenant} onChange=${(e) => onPick(e.target.value)}>
          ${[...new Set([tenant, ...tenants])].map((t) => html`<option value=${t}>${t}${t === vendor.defaultTenant ? ' (default)' : ''}</option>`)}
        </select>
      </label>
      <label>other ${vendor.tenantVariable}
        <input aria-label=${`other ${vendor.tenantVariable}`} value=${typed} onInput=${(e) => setTyped(e.target.value)} placeholder="e.g. store2" />
      </label>
      <button type="submit" class="secondary">Show</button>
    </form>
  `;
}

function OwnerCard({ vendor, tenant, owner, tick }) {
  const count = owner.codes ? `${owner.codes.count}${owner.codes.atLeast ? '+' : ''}` : '?';
  return html`
    <article class="owner" data-owner=${owner.id}>
      <h3>${owner.name ?? owner.id} <small>${owner.kind} · id <code>${owner.id}</code></small></h3>
      <details open=${owner.codes?.count > 0}>
        <summary>Codes: <b class="code-count">${count}</b></summary>
        <${CodesTable} vendor=${vendor.vendor} tenant=${tenant} owner=${owner.id} tick=${tick} count=${owner.codes?.count} />
      </details>
      ${owner.jobs && html`<${JobsTable} jobs=${owner.jobs} />`}
    </article>
  `;
}

function CodesTable({ vendor, tenant, owner, tick, count }) {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState();
  const latestOnly = useLatestOnly();
  const load = useCallback(() => {
    const q = new URLSearchParams({ vendor, tenant: tenant ?? '', owner, q: search, offset: String(offset), limit: String(CODE_PAGE) });
    latestOnly(api(`/__mock/ui/api/codes?${q}`), setPage, () => setPage(undefined));
  }, [vendor, tenant, owner, search, offset]);
  useEffect(load, [load, count]);
  const reload = useThrottled(load, 250);
  useEffect(() => {
    if (tick.n && (tick.vendors.includes('*') || tick.vendors.includes(vendor))) reload();
  }, [tick.n]);
  const total = page?.total ?? 0;
  return html`
    <div class="codes">
      <label class="search">Search codes
        <input type="search" value=${search} onInput=${(e) => { setSearch(e.target.value); setOffset(0); }} placeholder="part of a code" />
      </label>
      ${page &&
      html`
        <div class="table-wrap">
          <table>
            <thead><tr>${page.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
            <tbody>
              ${page.rows.map((r) => html`<tr>${r.cells.map((c, i) => html`<td data-label=${page.columns[i]}>${i === 0 ? html`<code>${show(c)}</code>` : show(c)}</td>`)}</tr>`)}
            </tbody>
          </table>
        </div>
        <div class="pager">
          <button class="secondary" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - CODE_PAGE))}>Previous</button>
          <span>${total === 0 ? 'no codes' : `${offset + 1}–${Math.min(offset + CODE_PAGE, total)} of ${total}`}${page.searchStopped ? ` (searched the first ${page.searchedRows})` : ''}</span>
          <button class="secondary" disabled=${offset + CODE_PAGE >= total} onClick=${() => setOffset(offset + CODE_PAGE)}>Next</button>
        </div>
      `}
    </div>
  `;
}

/** Export files need the vendor's credentials: fetched with a read-only token, then saved. */
function FileButton({ href, credential, name }) {
  const [error, setError] = useState('');
  const download = async () => {
    try {
      const response = await fetch(href, { headers: credential ? { [credential.header]: credential.value } : {} });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setError('');
    } catch (e) {
      setError(e.message);
    }
  };
  return html`<button class="secondary file" data-href=${href} onClick=${download}>Download CSV</button>${error && html` <span class="error">${error}</span>`}`;
}

const JOB_MARKS = { pending: '◷', processing: '▶', completed: '✔', cancelled: '✖', cancelling: '…', failed: '⚠' };

function JobsTable({ jobs }) {
  if (jobs.error) return html`<p class="error">${jobs.error}</p>`;
  return html`
    <section class="jobs" aria-label="Jobs">
      <h4>Jobs <small>${jobs.rows.length}</small></h4>
      ${jobs.rows.length === 0
        ? html`<p class="empty">No jobs.</p>`
        : html`<div class="table-wrap"><table>
            <thead><tr>${jobs.columns.map((c) => html`<th scope="col">${c}</th>`)}<th scope="col">file</th></tr></thead>
            <tbody>
              ${jobs.rows.map(
                (job) => html`<tr data-job=${job.id}>
                  ${job.cells.map((c, i) =>
                    jobs.columns[i] === 'status'
                      ? html`<td data-label="status"><span class=${`badge job-${c}`}>${JOB_MARKS[c] ?? '•'} ${c}</span></td>`
                      : html`<td data-label=${jobs.columns[i]}>${jobs.columns[i] === 'id' ? html`<code>${show(c).slice(0, 8)}</code>` : show(c)}</td>`,
                  )}
                  <td data-label="file">${job.file ? html`<${FileButton} href=${job.file} credential=${jobs.fileCredential} name=${`${job.id}.csv`} />` : '—'}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>`}
    </section>
  `;
}

// ---- Vendors ----------------------------------------------------------------------------------

function CopyButton({ text, label }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    } catch {
      setDone(false);
    }
  };
  return html`<button class="secondary copy" onClick=${copy} aria-label=${label}>${done ? 'Copied' : 'Copy'}</button>`;
}

function VendorsView({ vendors }) {
  return html`
    <section aria-labelledby="vendors-title">
      <h2 id="vendors-title">Vendors</h2>
      ${vendors.map(
        (v) => html`<article class="vendor" data-vendor=${v.vendor}>
          <h3>${v.vendor} <small>${v.title}</small></h3>
          <dl class="facts">
            <dt>Base URL</dt><dd><code>${v.baseUrl}</code> <${CopyButton} text=${v.baseUrl} label=${`Copy ${v.vendor} base URL`} /></dd>
            <dt>Authenticate</dt><dd>${v.credentials}</dd>
            ${v.tenantVariable && html`<dt>Stores</dt><dd>every <code>${v.tenantVariable}</code> is its own world; default <code>${v.defaultTenant}</code></dd>`}
            <dt>Tokens</dt>
            <dd>
              <ul class="tokens">
                ${v.tokens.map((t) => html`<li><code>${t.token}</code> — ${t.writes ? 'reads and writes' : 'reads only (writes get 403)'}</li>`)}
              </ul>
            </dd>
          </dl>
          <h4>Operations</h4>
          <ul class="operations">
            ${v.operations.map(
              (o) => html`<li>
                <p><span class="method">${o.method}</span> <code>${o.path}</code> <b>${o.operationId}</b> ${o.summary && html`<span class="summary">— ${o.summary}</span>`}</p>
                <div class="curl"><pre>${o.curl}</pre><${CopyButton} text=${o.curl} label=${`Copy curl for ${o.operationId}`} /></div>
              </li>`,
            )}
          </ul>
        </article>`,
      )}
    </section>
  `;
}

// ---- Actions ----------------------------------------------------------------------------------

function useAction() {
  const [message, setMessage] = useState({ text: '', error: false });
  const run = (fn) => async (event) => {
    event?.preventDefault();
    try {
      setMessage({ text: (await fn()) ?? 'Done', error: false });
    } catch (e) {
      setMessage({ text: e.message, error: true });
    }
  };
  const view = message.text && html`<p class=${message.error ? 'error' : 'ok'} role="status">${message.text}</p>`;
  return [run, view];
}

function ActionsView({ vendors, onChanged }) {
  return html`
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div class="cards">
        <${ResetCard} onChanged=${onChanged} />
        <${ClockCard} />
        <${LatencyCard} />
        <${AddOwnerCard} vendors=${vendors} onChanged=${onChanged} />
      </div>
    </section>
  `;
}

function ResetCard({ onChanged }) {
  const [run, message] = useAction();
  return html`
    <article class="card">
      <h3>Reset</h3>
      <p>Forget every code, job and logged request; seed the promotions again.</p>
      <button class="danger" onClick=${run(async () => { await post('/__mock/reset'); onChanged(); return 'The mock was reset.'; })}>Reset the mock</button>
      ${message}
    </article>
  `;
}

const ADVANCES = [
  ['1 second', 1000],
  ['1 minute', 60_000],
  ['1 hour', 3_600_000],
  ['1 day', 86_400_000],
];

function ClockCard() {
  const [clock, setClock] = useState();
  const [missing, setMissing] = useState('');
  const [amount, setAmount] = useState(String(ADVANCES[1][1]));
  const [run, message] = useAction();
  const load = () => api('/__mock/clock').then((c) => { setClock(c); setMissing(''); }, (e) => setMissing(e.message));
  useEffect(() => { load(); }, []);
  const advance = run(async () => {
    const advanceMs = Number(amount);
    const next = await post('/__mock/clock', { advanceMs });
    setClock(next);
    return `The clock moved ${advanceMs} ms forward; jobs due by then finished.`;
  });
  return html`
    <article class="card">
      <h3>Clock</h3>
      ${clock
        ? html`<p>Mock time <b class="clock-now">${new Date(clock.now).toLocaleString()}</b> (moved ${clock.offsetMs} ms ahead)</p>`
        : html`<p class="muted">${missing ? `The clock is not available: ${missing}` : 'Reading the clock…'}</p>`}
      <form onSubmit=${advance}>
        <label>Advance by
          <select value=${amount} onChange=${(e) => setAmount(e.target.value)}>
            ${ADVANCES.map(([label, ms]) => html`<option value=${ms}>${label}</option>`)}
          </select>
        </label>
        <button type="submit">Advance the clock</button>
      </form>
      ${message}
    </article>
  `;
}

function LatencyCard() {
  const [range, setRange] = useState({ minMs: '0', maxMs: '0' });
  const [run, message] = useAction();
  useEffect(() => {
    api('/__mock/latency').then((l) => setRange({ minMs: String(l.minMs), maxMs: String(l.maxMs) }));
  }, []);
  const save = run(async () => {
    const saved = await post('/__mock/latency', { minMs: Number(range.minMs), maxMs: Number(range.maxMs) });
    setRange({ minMs: String(saved.minMs), maxMs: String(saved.maxMs) });
    return saved.maxMs === 0 ? 'No added latency.' : `Each vendor request now waits ${saved.minMs}–${saved.maxMs} ms.`;
  });
  return html`
    <article class="card">
      <h3>Latency</h3>
      <form onSubmit=${save}>
        <label>min ms <input type="number" min="0" step="1" value=${range.minMs} onInput=${(e) => setRange({ ...range, minMs: e.target.value })} /></label>
        <label>max ms <input type="number" min="0" step="1" value=${range.maxMs} onInput=${(e) => setRange({ ...range, maxMs: e.target.value })} /></label>
        <button type="submit">Set latency</button>
      </form>
      ${message}
    </article>
  `;
}

function exampleOf(vendor) {
  const text = JSON.stringify(vendor?.newOwner?.example ?? {}, null, 2);
  return text.replaceAll('{uuid}', crypto.randomUUID());
}

function AddOwnerCard({ vendors, onChanged }) {
  const [name, setName] = useState('');
  const vendor = vendors.find((v) => v.vendor === name) ?? vendors[0];
  const [text, setText] = useState('');
  const [run, message] = useAction();
  useEffect(() => setText(exampleOf(vendor)), [vendor?.vendor]);
  const noun = vendor?.newOwner?.noun ?? 'promotion';
  const add = run(async () => {
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new Error(`Not JSON: ${e.message}`);
    }
    const owner = await post(`/__mock/${vendor.vendor}/promotions`, body);
    onChanged();
    setText(exampleOf(vendor));
    return `Added ${noun} ${owner.id}.`;
  });
  return html`
    <article class="card wide">
      <h3>Add a ${noun}</h3>
      <form onSubmit=${add}>
        <label>Vendor
          <select value=${vendor?.vendor} onChange=${(e) => setName(e.target.value)}>
            ${vendors.map((v) => html`<option value=${v.vendor}>${v.vendor}</option>`)}
          </select>
        </label>
        <label class="block">One entry in the fixtures format (JSON)
          <textarea rows="6" spellcheck="false" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
        </label>
        <button type="submit">Add</button>
      </form>
      ${message}
    </article>
  `;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
