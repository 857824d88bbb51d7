// sitrep dashboard: one set of filters (kept in the address bar) drives the
// map, the timeline, the actor graph, the event list and the article
// reader. It reads the REST API under /api and nothing else.
'use strict';
(function () {
  const FILTERS = ['from', 'to', 'country', 'event_type', 'sub_event_type', 'actor', 'modality', 'min_sources', 'q'];
  const COLORS = {
    'Battles': '#c0261f',
    'Explosions/Remote violence': '#b35400',
    'Violence against civilians': '#6f2da8',
    'Protests': '#1f66b3',
    'Riots': '#8a4b1d',
    'Strategic developments': '#247a33',
    '': '#5c5c5c',
  };
  const typeName = (t) => t || 'Other (CAMEO only)';
  const color = (t) => COLORS[t] || '#3d6b6b';
  const $ = (s) => document.querySelector(s);
  const state = { filters: {}, inview: false, view: null, article: null, event: null, cursor: '' };
  let map, markers, opener = null, seq = 0;

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  }
  const svgEl = (tag, attrs) => { const e = document.createElementNS('http://www.w3.org/2000/svg', tag); for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v); return e; };

  // --- URL state ---------------------------------------------------------
  function readURL() {
    const p = new URLSearchParams(location.search);
    state.filters = {};
    for (const f of FILTERS) if (p.get(f)) state.filters[f] = p.get(f);
    state.inview = p.get('inview') === '1';
    const v = (p.get('map') || '').split('/').map(Number);
    state.view = v.length === 3 && v.every(Number.isFinite) ? { z: v[0], lat: v[1], lon: v[2] } : null;
    state.article = p.get('article') || null;
    state.event = p.get('event') || null;
  }
  function writeURL() {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (state.filters[f]) p.set(f, state.filters[f]);
    if (state.inview) p.set('inview', '1');
    if (map) { const c = map.getCenter(); p.set('map', `${map.getZoom()}/${c.lat.toFixed(3)}/${c.lng.toFixed(3)}`); }
    if (state.article) p.set('article', state.article);
    if (state.article && state.event) p.set('event', state.event);
    history.replaceState(null, '', '?' + p.toString().replace(/%2F/g, '/'));
  }
  function bbox() {
    const b = map.getBounds();
    const cl = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
    return [cl(b.getWest(), -180, 180), cl(b.getSouth(), -90, 90), cl(b.getEast(), -180, 180), cl(b.getNorth(), -90, 90)].map((x) => x.toFixed(4)).join(',');
  }
  function params(extra, withBox) {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (state.filters[f]) p.set(f, state.filters[f]);
    if (withBox && state.inview && map) p.set('bbox', bbox());
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p.toString();
  }
  async function api(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const msg = (body.errors || []).map((e) => `${e.param} ${e.message}`).join('; ') || body.detail || res.statusText;
      throw new Error(msg);
    }
    return body;
  }
  function showError(err) { $('#filter-error').textContent = err ? 'Error: ' + err.message : ''; }

  // --- filters -----------------------------------------------------------
  function fillForm() {
    const form = $('#filters');
    for (const f of FILTERS) if (form.elements[f]) form.elements[f].value = state.filters[f] || '';
    form.elements.inview.checked = state.inview;
  }
  function readForm() {
    const form = $('#filters');
    state.filters = {};
    for (const f of FILTERS) { const v = (form.elements[f].value || '').trim(); if (v) state.filters[f] = v; }
    state.inview = form.elements.inview.checked;
  }
  function addOptions(select, values, label) {
    const cur = select.value;
    for (const v of values) select.append(el('option', { value: v, text: label ? label(v) : v }));
    select.value = cur;
  }

  // --- map ---------------------------------------------------------------
  function initMap() {
    map = L.map('map', { minZoom: 1, maxZoom: 12, worldCopyJump: false, maxBounds: [[-85, -200], [85, 200]], keyboard: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Outlines: Natural Earth (world-atlas)');
    map.createPane('outlines').style.zIndex = 300;
    const v = state.view;
    if (v) map.setView([v.lat, v.lon], v.z); else map.setView([20, 20], 2);
    markers = L.layerGroup().addTo(map);
    fetch('vendor/countries-50m.json').then((r) => r.json()).then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, { pane: 'outlines', renderer: L.canvas({ pane: 'outlines' }), interactive: false,
        style: { color: '#6f7d8c', weight: 0.7, fillColor: '#f4f1e8', fillOpacity: 1 } }).addTo(map);
    }).catch(() => {});
    map.on('moveend', () => { writeURL(); if (state.inview) refresh(); else loadMap(); });
    $('#map').addEventListener('click', (e) => {
      const b = e.target.closest('.open-article');
      if (b) { e.preventDefault(); openArticle(b.dataset.article, b.dataset.event, b); }
    });
    const legend = $('#legend');
    for (const t of Object.keys(COLORS)) legend.append(el('li', { style: `--c:${color(t)}`, text: typeName(t) }));
  }
  function markerSize(p) {
    const base = p.count > 1 ? 22 + 5 * Math.log2(p.count) : 14;
    return Math.round(Math.min(64, base + 3 * Math.sqrt(Math.max(0, p.fatalities))));
  }
  async function loadMap() {
    const my = ++seq;
    const data = await api('/api/map?' + params({ zoom: map.getZoom(), bbox: bbox(), limit: 1000 }, false));
    if (my !== seq) return data;
    markers.clearLayers();
    for (const p of data.points) {
      const size = markerSize(p);
      const title = p.count > 1
        ? `${p.count} events here (${Object.entries(p.types || { [p.event_type]: p.count }).map(([t, n]) => `${typeName(t)}: ${n}`).join(', ')}); ${p.fatalities} killed. Select to zoom in.`
        : `${typeName(p.event_type)}; ${p.fatalities} killed. Select for details.`;
      const icon = L.divIcon({ className: 'sitrep-marker' + (p.count > 1 ? ' sitrep-cluster' : ' sitrep-single'), iconSize: [size, size],
        html: `<div style="background:${color(p.event_type)}">${p.count > 1 ? p.count : ''}</div>` });
      const m = L.marker([p.lat, p.lon], { icon, title, alt: title, keyboard: true, riseOnHover: true });
      if (p.count > 1) {
        m.on('click', () => map.setView([p.lat, p.lon], Math.min(map.getMaxZoom(), map.getZoom() + 2)));
      } else {
        m.bindPopup(() => popup(p), { maxWidth: 320 });
      }
      markers.addLayer(m);
    }
    $('#map').dataset.markers = String(data.points.length);
    $('#map').dataset.total = String(data.total);
    return data;
  }
  function popup(p) {
    const div = el('div', { class: 'popup' }, el('strong', { text: typeName(p.event_type) }), el('br'), el('span', { text: 'Loading…' }));
    api(`/api/articles/${encodeURIComponent(p.article_id)}`).then((a) => {
      const ev = (a.analysis.events || []).find((e) => e.id === p.event_id) || {};
      div.innerHTML = `<strong>${esc(typeName(ev.event_type))}</strong>${ev.sub_event_type ? ' — ' + esc(ev.sub_event_type) : ''}<br>` +
        `${esc(ev.date || '')} · ${esc(ev.location ? ev.location.name : '')}<br>` +
        `${esc(ev.actor1 ? ev.actor1.name : '?')} → ${esc(ev.actor2 ? ev.actor2.name : '—')}<br>` +
        (ev.fatalities ? `Killed: ${esc(ev.fatalities.best)}<br>` : '') +
        `<em>${esc(a.title || a.id)}</em> (${esc(a.source)})<br>` +
        `<button type="button" class="open-article" data-article="${esc(a.id)}" data-event="${esc(ev.id || '')}">Read the report</button>`;
    }).catch((e) => { div.textContent = e.message; });
    return div;
  }

  // fitToMarkers frames the markers when the link names no map view.
  function fitToMarkers() {
    const pts = [];
    markers.eachLayer((m) => pts.push(m.getLatLng()));
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 6, animate: false });
  }

  // --- timeline ----------------------------------------------------------
  async function loadTimeline() {
    const tl = await api('/api/timeline?' + params({}, true));
    const box = $('#timeline');
    box.replaceChildren();
    if (!tl.total) { box.append(el('p', { text: 'No dated events match.' })); $('#timeline-unit').textContent = ''; return tl; }
    const W = Math.max(320, box.clientWidth || 480), H = 170, pad = 22;
    const bin = Math.max(1, Math.ceil(tl.days * 4 / (W - 8)));
    const nb = Math.ceil(tl.days / bin);
    const stacks = Array.from({ length: nb }, () => []);
    for (const s of tl.series) {
      for (let i = 0; i < s.counts.length; i++) {
        if (!s.counts[i]) continue;
        const b = stacks[Math.floor(i / bin)];
        const last = b.find((x) => x.t === s.event_type);
        if (last) last.n += s.counts[i]; else b.push({ t: s.event_type, n: s.counts[i] });
      }
    }
    const max = Math.max(1, ...stacks.map((b) => b.reduce((a, x) => a + x.n, 0)));
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${tl.total} events from ${tl.from} to ${tl.to}, per ${bin} day(s), by type` });
    const bw = (W - 8) / nb;
    const from = new Date(tl.from + 'T00:00:00Z');
    const dayStr = (d) => new Date(from.getTime() + d * 86400000).toISOString().slice(0, 10);
    stacks.forEach((b, i) => {
      let y = H - pad;
      for (const x of b) {
        const h = Math.max(1, (x.n / max) * (H - pad - 6));
        y -= h;
        const r = svgEl('rect', { class: 'bar', x: 4 + i * bw, y, width: Math.max(1, bw - (bw > 3 ? 1 : 0)), height: h, fill: color(x.t) });
        const d0 = dayStr(i * bin), d1 = dayStr(Math.min(tl.days - 1, i * bin + bin - 1));
        r.append(svgEl('title'));
        r.firstChild.textContent = `${d0 === d1 ? d0 : d0 + ' – ' + d1}: ${x.n} ${typeName(x.t)}`;
        r.addEventListener('click', () => { state.filters.from = d0; state.filters.to = d1; fillForm(); apply(); });
        svg.append(r);
      }
    });
    const ticks = 5;
    for (let k = 0; k <= ticks; k++) {
      const d = Math.round((tl.days - 1) * k / ticks);
      const t = svgEl('text', { class: 'axis', x: Math.min(W - 60, Math.max(0, 4 + (d / tl.days) * (W - 8) - 28)), y: H - 6 });
      t.textContent = dayStr(d);
      svg.append(t);
    }
    const m = svgEl('text', { class: 'axis', x: 4, y: 12 });
    m.textContent = `max ${max}`;
    svg.append(m);
    box.append(svg);
    $('#timeline-unit').textContent = `(${tl.total} events, bars per ${bin === 1 ? 'day' : bin + ' days'}; select a bar to filter on it)`;
    return tl;
  }

  // --- actor graph -------------------------------------------------------
  async function loadGraph() {
    const g = await api('/api/graph?' + params({ limit: 40 }, true));
    const box = $('#graph');
    box.replaceChildren();
    if (!g.edges.length) { box.append(el('p', { text: 'No actor pairs match.' })); return g; }
    const nodes = g.nodes.slice().sort((a, b) => b.events - a.events).slice(0, 24);
    const keep = new Set(nodes.map((n) => n.id));
    const W = Math.max(320, box.clientWidth || 480), H = 300, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 40;
    const pos = {};
    nodes.forEach((n, i) => { const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2; pos[n.id] = [cx + R * Math.cos(a), cy + R * Math.sin(a), a]; });
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, role: 'group', 'aria-label': 'Actor graph' });
    const defs = svgEl('defs');
    const mk = svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    mk.append(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#333' }));
    defs.append(mk);
    svg.append(defs);
    const maxW = Math.max(...g.edges.map((e) => e.weight));
    for (const e of g.edges) {
      if (!keep.has(e.source) || !keep.has(e.target)) continue;
      const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
      const mx = (x1 + x2) / 2 + (cy - (y1 + y2) / 2) * 0.25, my = (y1 + y2) / 2 + ((x1 + x2) / 2 - cx) * 0.25;
      const top = Object.entries(e.types).sort((a, b) => b[1] - a[1])[0];
      // End the edge at the target circle's rim so that the arrow shows.
      const rt = 6 + 8 * Math.sqrt((nodes.find((n) => n.id === e.target) || { events: 0 }).events / Math.max(...nodes.map((n) => n.events)));
      const dx = x2 - mx, dy = y2 - my, dl = Math.hypot(dx, dy) || 1;
      const ex = x2 - (dx / dl) * rt, ey = y2 - (dy / dl) * rt;
      const p = svgEl('path', { d: `M${x1},${y1} Q${mx},${my} ${ex},${ey}`, fill: 'none', stroke: color(top ? top[0] : ''),
        'stroke-width': 1 + 5 * Math.sqrt(e.weight / maxW), 'stroke-opacity': 0.75, 'marker-end': 'url(#arrow)' });
      p.append(svgEl('title'));
      p.firstChild.textContent = `${e.source} → ${e.target}: ${e.weight} event(s), ${e.fatalities} killed`;
      svg.append(p);
    }
    const maxN = Math.max(...nodes.map((n) => n.events));
    for (const n of nodes) {
      const [x, y, a] = pos[n.id];
      const gr = svgEl('g', { class: 'node', tabindex: 0, role: 'button', 'aria-label': `${n.id}: ${n.events} events. Filter on this actor.` });
      gr.append(svgEl('circle', { cx: x, cy: y, r: 4 + 8 * Math.sqrt(n.events / maxN) - 2, fill: '#102a43', stroke: '#fff', 'stroke-width': 1.5 }));
      const right = Math.cos(a) >= 0;
      const t = svgEl('text', { x: x + (right ? 12 : -12), y: y + 4, 'text-anchor': right ? 'start' : 'end' });
      t.textContent = n.id.length > 28 ? n.id.slice(0, 27) + '…' : n.id;
      gr.append(t);
      const pick = () => { state.filters.actor = n.id; fillForm(); apply(); };
      gr.addEventListener('click', pick);
      gr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); } });
      svg.append(gr);
    }
    box.append(svg);
    return g;
  }

  // actorInfo shows the filtered actor's entry and how each outlet labels it.
  async function actorInfo() {
    const box = $('#actor-info');
    box.replaceChildren();
    if (!state.filters.actor) return;
    let a;
    try { a = await api('/api/actors/' + encodeURIComponent(state.filters.actor)); } catch (e) { return; }
    const labels = el('ul', {});
    for (const l of a.labels) {
      const terms = Object.entries(l.terms).sort((x, y) => y[1] - x[1]).slice(0, 6).map(([t, n]) => `“${t}” ×${n}`).join(', ');
      labels.append(el('li', { text: `${l.outlet} (${l.articles} article${l.articles === 1 ? '' : 's'}): ${terms}` }));
    }
    box.append(el('div', { class: 'box' },
      el('h3', { text: `${a.name}${a.code ? ' (' + a.code + ')' : ''}: ${a.as_actor1} as actor, ${a.as_actor2} as target` }),
      a.aliases.length ? el('p', { text: 'Also called: ' + a.aliases.slice(0, 8).join(', ') }) : null,
      a.labels.length ? el('p', { text: 'How each outlet labels it:' }) : el('p', { text: 'No outlet labels it with loaded terms in the stored articles.' }),
      a.labels.length ? labels : null));
  }

  // --- event list --------------------------------------------------------
  async function loadEvents(more) {
    const page = await api('/api/events?' + params(more && state.cursor ? { limit: 50, cursor: state.cursor } : { limit: 50 }, true));
    const body = $('#events tbody');
    if (!more) body.replaceChildren();
    for (const it of page.items) {
      const e = it.event;
      const btn = el('button', { type: 'button', class: 'open-article', 'data-article': it.article_id, 'data-event': e.id, text: 'Read',
        'aria-label': `Read the report behind ${typeName(e.event_type)} on ${e.date}` });
      btn.addEventListener('click', () => openArticle(it.article_id, e.id, btn));
      body.append(el('tr', {},
        el('td', { text: e.date || '' }),
        el('td', { text: e.location ? `${e.location.name}${e.location.country ? ' (' + e.location.country + ')' : ''}` : '—' }),
        el('td', {}, el('span', { class: 'swatch', style: `background:${color(e.event_type)}` }), typeName(e.event_type) + (e.sub_event_type ? ': ' + e.sub_event_type : '')),
        el('td', { text: `${e.actor1 ? e.actor1.name : '?'} → ${e.actor2 ? e.actor2.name : '—'}` }),
        el('td', { text: e.fatalities ? String(e.fatalities.best) : '' }),
        el('td', { text: `${it.independent_sources} (${it.source})` }),
        el('td', {}, btn)));
    }
    state.cursor = page.next_cursor;
    $('#more').hidden = !page.next_cursor;
    return page;
  }

  // --- article reader ----------------------------------------------------
  function highlighted(text, hls, current) {
    const chars = Array.from(text); // offsets count code points
    const cuts = new Set([0, chars.length]);
    for (const h of hls) { if (h.start >= 0 && h.end <= chars.length && h.start < h.end) { cuts.add(h.start); cuts.add(h.end); } }
    const pts = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < pts.length; i++) {
      const a = pts[i], b = pts[i + 1];
      const seg = chars.slice(a, b).join('');
      const on = hls.filter((h) => h.start <= a && h.end >= b && h.start < h.end);
      if (!on.length) { frag.append(seg); continue; }
      const kinds = [...new Set(on.map((h) => h.kind))];
      const m = el('mark', { class: kinds.map((k) => 'hl-' + k).join(' '), title: on.map((h) => (h.kind === 'evidence' ? 'Evidence: ' : 'Technique: ') + h.label + (h.confidence ? ` (${Math.round(h.confidence * 100)}%)` : '')).join('\n'), text: seg });
      const evs = on.filter((h) => h.event_id).map((h) => h.event_id);
      if (evs.length) m.dataset.events = evs.join(' ');
      if (current && evs.includes(current)) m.classList.add('current');
      frag.append(m);
    }
    return frag;
  }
  async function openArticle(id, eventID, from) {
    opener = from || document.activeElement;
    state.article = id; state.event = eventID || null;
    writeURL();
    const reader = $('#reader'), body = $('#reader-body');
    reader.hidden = false;
    body.replaceChildren(el('p', { text: 'Loading…' }));
    let a;
    try { a = await api('/api/articles/' + encodeURIComponent(id)); } catch (e) { body.replaceChildren(el('p', { text: e.message })); return; }
    $('#reader-title').textContent = a.title || a.id;
    const cred = a.analysis.credibility || {};
    const o = a.outlet;
    const outlet = el('div', { class: 'box' }, el('h3', { text: 'Outlet (registry entry)' }));
    if (o) {
      outlet.append(el('p', {}, el('strong', { text: o.name }), ' ', el('span', { class: 'badge rel-' + (o.reliability || 'unrated'), text: 'reliability: ' + o.reliability }),
        el('br'), `${o.domains.join(', ')}${o.country ? ' · ' + o.country : ''}${o.affiliation ? ' · ' + o.affiliation : ''}`,
        el('br'), `${o.reason}${o.date ? ' (assessed ' + o.date + ')' : ''}`));
    } else {
      outlet.append(el('p', { text: `${a.source || 'The source'} is not in the outlet registry (unrated).` }));
    }
    const credBox = el('div', { class: 'box' }, el('h3', { text: `Credibility: ${cred.label || 'assessed'} — propaganda and poor-sourcing signals ${Math.round((cred.score || 0) * 100)} / 100 (0: none)` }),
      el('ul', {}, ...(cred.explanation || []).map((x) => el('li', { text: x }))));
    const evList = el('ul', {});
    for (const e of a.analysis.events || []) {
      const b = el('button', { type: 'button', text: `${e.id}: ${typeName(e.event_type)}${e.sub_event_type ? ' — ' + e.sub_event_type : ''}, ${e.actor1 ? e.actor1.name : '?'} → ${e.actor2 ? e.actor2.name : '—'} (${e.modality}, ${Math.round(e.confidence * 100)}%)` });
      b.addEventListener('click', () => { state.event = e.id; writeURL(); mark(e.id); });
      evList.append(el('li', {}, b));
    }
    const nEv = a.highlights.filter((h) => h.kind === 'evidence').length, nTech = a.highlights.filter((h) => h.kind === 'technique').length;
    const text = el('div', { class: 'text', id: 'reader-text' });
    text.append(highlighted(a.text, a.highlights, state.event));
    body.replaceChildren(
      el('p', { class: 'meta', text: `${a.source || 'unknown source'} · published ${a.published || 'unknown'} · ${a.language || ''}${a.origin && a.origin !== a.id ? ' · copies or rewrites ' + a.origin : ''}` }),
      outlet, credBox,
      el('div', { class: 'box' }, el('h3', { text: `Events coded (${(a.analysis.events || []).length})` }), evList),
      el('p', { class: 'meta' }, el('mark', { class: 'hl-evidence', text: `event evidence (${nEv})` }), ' ', el('mark', { class: 'hl-technique', text: `propaganda technique (${nTech})` })),
      text);
    reader.focus();
    if (state.event) mark(state.event);
  }
  function mark(eventID) {
    let first = null;
    for (const m of document.querySelectorAll('#reader-text mark')) {
      const on = (m.dataset.events || '').split(' ').includes(eventID);
      m.classList.toggle('current', on);
      if (on && !first) first = m;
    }
    if (first) first.scrollIntoView({ block: 'center' });
  }
  function closeReader() {
    $('#reader').hidden = true;
    state.article = null; state.event = null;
    writeURL();
    if (opener && document.contains(opener)) opener.focus();
  }

  // --- wiring ------------------------------------------------------------
  async function refresh() {
    showError(null);
    document.body.dataset.ready = '0';
    const t0 = performance.now();
    try {
      for (const [id, f] of [['dl-acled', 'acled-csv'], ['dl-geojson', 'geojson'], ['dl-jsonl', 'jsonl']]) $('#' + id).href = '/api/export?' + params({ format: f }, true);
      const [m] = await Promise.all([loadMap(), loadTimeline(), loadGraph(), loadEvents(false), actorInfo()]);
      $('#summary').textContent = `${m.total} event(s) on the map${state.inview ? ' (map area)' : ''} · ${document.querySelectorAll('#events tbody tr').length} listed`;
    } catch (e) { showError(e); }
    document.body.dataset.ready = '1';
    document.body.dataset.loadMs = String(Math.round(performance.now() - t0));
  }
  function apply() { readForm(); writeURL(); refresh(); }

  async function start() {
    readURL();
    fillForm();
    initMap();
    const form = $('#filters');
    form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
    form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT' || e.target.type === 'checkbox' || e.target.type === 'date') apply(); });
    $('#reset').addEventListener('click', () => { for (const f of FILTERS) form.elements[f].value = ''; form.elements.inview.checked = false; apply(); });
    $('#more').addEventListener('click', () => loadEvents(true).catch(showError));
    $('#reader-close').addEventListener('click', closeReader);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('#reader').hidden) closeReader(); });
    api('/api/stats').then((s) => {
      addOptions(form.elements.country, s.countries);
      addOptions(form.elements.event_type, s.event_types);
      addOptions(form.elements.modality, s.modalities);
      fillForm();
      if (!s.events) $('#summary').textContent = 'The store is empty: ingest articles, or run sitrep serve --demo.';
    }).catch(showError);
    api('/api/actors?limit=300').then((p) => {
      const dl = $('#actor-list');
      for (const a of p.items) if (a.events > 0) dl.append(el('option', { value: a.name }));
    }).catch(() => {});
    const fit = !state.view;
    await refresh();
    if (fit) fitToMarkers();
    if (state.article) openArticle(state.article, state.event);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
