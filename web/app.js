// procspec serve: the guided form. The form is built from the profile's
// JSON Schema (descriptions in Japanese), the profile is written as YAML
// in the browser and checked by the server as it is typed; findings link
// to the field they concern. Everything goes to the local server only,
// with the token of the address procspec serve printed.
'use strict';

const TOKEN = new URLSearchParams(location.search).get('token') || '';
const STEPS = [
  { title: '団体と文書', keys: ['organization', 'document'] },
  { title: '外部サービス', keys: ['service'] },
  { title: '格付け', keys: ['classification'] },
  { title: '個人情報', keys: ['personal_data'] },
  { title: '認証と監査', keys: ['provider_assurance'], class2: true },
  { title: '情報の取扱場所', keys: ['data_location'] },
  { title: 'サービスレベル', keys: ['availability_targets'], class2: true },
  { title: 'インシデント対応', keys: ['incident'] },
  { title: '再委託', keys: ['subcontracting'], class2: true },
  { title: '情報の取扱いと終了時', keys: ['data_handling', 'access_control'] },
  { title: '例外', keys: ['exceptions'] },
  { title: '文書', special: 'documents' },
  { title: '前の版との比較', special: 'compare' },
];
const KIND_NAMES = {
  spec: '調達仕様書', annex: '特記事項', privacy: '個人情報取扱特記事項',
  application: '外部サービス利用申請書', ledger: '承認済外部サービス台帳',
  checklist: 'チェックリスト', compliance: '仕様適合確認書',
};
const SEVERITY = { error: 'エラー', warning: '警告', note: '注記' };

let schema = null;
let state = { procspec: 1 };
let step = 0;
let lineToPath = [];
let lastCheck = null;
let info = { pdf: false };
const fields = new Map(); // path -> input element
window.procspecTimings = []; // ms from a change to the findings shown
window.procspecState = () => state; // for the browser tests

// ---- the server ----

async function api(path, body, type) {
  const headers = { 'X-Procspec-Token': TOKEN };
  if (type) headers['Content-Type'] = type;
  const r = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers, body });
  return r;
}

// ---- helpers ----

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function idFor(path) {
  return 'f-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

function getPath(obj, path) {
  let cur = obj;
  for (const part of path.match(/[^.[\]]+/g) || []) {
    if (cur === undefined || cur === null) return undefined;
    cur = cur[part];
  }
  return cur;
}

function setPath(obj, path, value) {
  const parts = path.match(/[^.[\]]+/g);
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = /^\d+$/.test(parts[i + 1]) ? [] : {};
    if (cur[parts[i]] === undefined || cur[parts[i]] === null) cur[parts[i]] = next;
    cur = cur[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

function enumPairs(node) {
  // The schema lists each choice and then its Japanese label.
  const out = [];
  for (let i = 0; i + 1 < node.enum.length; i += 2) out.push([node.enum[i], node.enum[i + 1]]);
  return out;
}

function kindOf(node) {
  if (node.type === 'object') return 'object';
  if (node.type === 'array') return node.items && node.items.type === 'object' ? 'objects' : 'list';
  if (node.enum) return 'enum';
  if (node.anyOf && node.anyOf.some(a => a.type === 'boolean')) return 'bool';
  if (node.anyOf && node.anyOf.some(a => a.type === 'integer')) return 'int';
  return 'text';
}

// ---- the form ----

function fieldFor(node, path, key, required) {
  const id = idFor(path);
  const kind = kindOf(node);
  const label = el('label', { for: id }, node.description || key,
    el('span', { class: 'key', text: key + (required ? '（必須）' : '') }));
  let input;
  const value = getPath(state, path);
  if (kind === 'enum' || kind === 'bool' || kind === 'int') {
    input = el('select', { id, 'aria-describedby': id + '-err' });
    input.append(el('option', { value: '', text: '（選択してください）' }));
    let options = [];
    if (kind === 'enum') options = enumPairs(node).map(([v, l]) => [v, `${l}（${v}）`]);
    else if (kind === 'bool') options = [['true', 'はい'], ['false', 'いいえ']];
    else {
      const range = node.anyOf.find(a => a.type === 'integer');
      for (let i = range.minimum; i <= range.maximum; i++) options.push([String(i), String(i)]);
    }
    for (const [v, l] of options) input.append(el('option', { value: v, text: l }));
    input.value = value === undefined ? '' : String(value);
  } else {
    input = el('input', { id, type: 'text', 'aria-describedby': id + '-err', autocomplete: 'off' });
    input.value = value === undefined ? '' : Array.isArray(value) ? value.join('、') : String(value);
    if (kind === 'list') input.setAttribute('placeholder', '「、」で区切って複数書けます');
  }
  input.dataset.path = path;
  input.dataset.kind = kind;
  if (node.pattern && kind === 'text') input.dataset.pattern = node.pattern;
  if (kind === 'list' && node.items && node.items.pattern) input.dataset.pattern = node.items.pattern;
  input.addEventListener('input', onInput);
  input.addEventListener('change', onInput);
  fields.set(path, input);
  return el('div', { class: 'field' }, label, input, el('p', { class: 'error', id: id + '-err', 'aria-live': 'polite' }));
}

function renderNode(node, path, key, required, into) {
  const kind = kindOf(node);
  if (kind === 'object') {
    const fs = el('fieldset', { id: idFor(path) }, el('legend', { text: node.description || key }));
    const req = node.required || [];
    for (const [k, child] of Object.entries(node.properties || {}))
      renderNode(child, path ? `${path}.${k}` : k, k, req.includes(k), fs);
    into.append(fs);
  } else if (kind === 'objects') {
    const fs = el('fieldset', { id: idFor(path) }, el('legend', { text: node.description || key }));
    const list = getPath(state, path) || [];
    list.forEach((_, i) => {
      const item = el('div', { class: 'item', role: 'group', 'aria-label': `${node.items.description} ${i + 1}` });
      const req = node.items.required || [];
      for (const [k, child] of Object.entries(node.items.properties || {}))
        renderNode(child, `${path}[${i}].${k}`, k, req.includes(k), item);
      const remove = el('button', { type: 'button', text: `${i + 1}件目を削除` });
      remove.addEventListener('click', () => { list.splice(i, 1); if (!list.length) setPath(state, path, undefined); render(); changed(); });
      item.append(remove);
      fs.append(item);
    });
    const add = el('button', { type: 'button', text: '追加', 'data-add': path });
    add.addEventListener('click', () => { setPath(state, path, [...list, {}]); render(); changed(); });
    fs.append(add);
    into.append(fs);
  } else {
    into.append(fieldFor(node, path, key, required));
  }
}

function confidentiality() {
  return Number(getPath(state, 'classification.confidentiality') || 2);
}

function visibleSteps() {
  return STEPS.filter(s => !(s.class2 && confidentiality() < 2));
}

function render() {
  const form = document.getElementById('form');
  fields.clear();
  form.replaceChildren();
  const steps = visibleSteps();
  if (step >= steps.length) step = steps.length - 1;
  const current = steps[step];
  renderNav();
  document.getElementById('documents-step').hidden = current.special !== 'documents';
  document.getElementById('compare-step').hidden = current.special !== 'compare';
  form.hidden = !!current.special;
  if (!current.special) {
    const listed = new Set(STEPS.flatMap(s => s.keys || []).concat(['procspec']));
    let keys = current.keys;
    // Keys the schema has and no step names go to the last form step.
    if (current === STEPS[10])
      keys = keys.concat(Object.keys(schema.properties).filter(k => !listed.has(k)));
    form.append(el('h2', { text: current.title }));
    for (const k of keys)
      if (schema.properties[k]) renderNode(schema.properties[k], k, k, (schema.required || []).includes(k), form);
  }
  document.getElementById('prev').disabled = step === 0;
  document.getElementById('next').disabled = step === steps.length - 1;
  showFindings();
  if (current.special === 'documents') showDocuments();
}

// ---- values typed ----

function validateLocal(input) {
  const err = document.getElementById(input.id + '-err');
  const pattern = input.dataset.pattern;
  let ok = true;
  if (pattern && input.value.trim()) {
    const re = new RegExp(pattern, 'u');
    const values = input.dataset.kind === 'list' ? splitList(input.value) : [input.value.trim()];
    ok = values.every(v => re.test(v));
  }
  err.textContent = ok ? '' : '書き方が正しくありません。説明の例に合わせてください。';
  input.setAttribute('aria-invalid', ok ? 'false' : 'true');
  return ok;
}

function splitList(text) {
  return text.split(/[,、，]\s*/).map(s => s.trim()).filter(Boolean);
}

let changedAt = 0;
function onInput(ev) {
  const input = ev.target;
  const kind = input.dataset.kind;
  const raw = input.value;
  let value;
  if (raw.trim() === '') value = undefined;
  else if (kind === 'bool') value = raw === 'true';
  else if (kind === 'int') value = Number(raw);
  else if (kind === 'list') value = splitList(raw);
  else value = raw;
  setPath(state, input.dataset.path, value);
  validateLocal(input);
  if (input.dataset.path === 'classification.confidentiality') renderNav();
  changed();
}

function renderNav() {
  const steps = visibleSteps();
  const nav = document.getElementById('steps');
  nav.replaceChildren(...steps.map((s, i) => {
    const b = el('button', { type: 'button', 'aria-current': i === step ? 'step' : false, text: `${i + 1}. ${s.title}` });
    b.addEventListener('click', () => { step = i; render(); });
    return el('li', {}, b);
  }));
}

let timer = null, inflight = 0;
function changed() {
  changedAt = performance.now();
  clearTimeout(timer);
  timer = setTimeout(check, 0);
}

// ---- the profile as YAML, with a comment per key ----

function yamlScalar(v) {
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return JSON.stringify(String(v)); // a JSON string is a YAML double-quoted scalar
}

function toYaml() {
  const lines = ['# procspec のサービスプロファイル（procspec serve で作成）'];
  lineToPath = [null];
  const emit = (text, path) => { lines.push(text); lineToPath.push(path); };
  const walk = (node, value, path, indent) => {
    for (const [k, child] of Object.entries(node.properties || {})) {
      const p = path ? `${path}.${k}` : k;
      const v = value ? value[k] : undefined;
      if (v === undefined || v === null || v === '') continue;
      const note = child.description ? `  # ${child.description}` : '';
      const kind = kindOf(child);
      if (kind === 'object') {
        if (!Object.keys(v).length) continue;
        emit(`${indent}${k}:${note}`, p);
        walk(child, v, p, indent + '  ');
      } else if (kind === 'objects' || kind === 'list') {
        if (!v.length) continue;
        emit(`${indent}${k}:${note}`, p);
        v.forEach((item, i) => {
          if (kind === 'list') { emit(`${indent}  - ${yamlScalar(item)}`, `${p}[${i}]`); return; }
          const entries = Object.entries(child.items.properties).filter(([ik]) => item[ik] !== undefined && item[ik] !== '');
          if (!entries.length) { emit(`${indent}  - {}`, `${p}[${i}]`); return; }
          entries.forEach(([ik, ichild], j) => {
            const lead = j === 0 ? `${indent}  - ` : `${indent}    `;
            const inote = ichild.description ? `  # ${ichild.description}` : '';
            emit(`${lead}${ik}: ${yamlScalar(item[ik])}${inote}`, `${p}[${i}].${ik}`);
          });
        });
      } else {
        emit(`${indent}${k}: ${yamlScalar(v)}${note}`, p);
      }
    }
  };
  walk(schema, state, '', '');
  return lines.join('\n') + '\n';
}

// ---- findings ----

// The findings first (they are quick); the list of documents, which needs
// every document rendered, follows when typing pauses.
let documentsTimer = null;
async function check() {
  const started = changedAt;
  const yaml = toYaml();
  const ticket = ++inflight;
  const r = await api('/api/check?documents=0', yaml, 'application/yaml');
  const result = await r.json();
  if (ticket !== inflight) return; // a newer check is under way
  result.documents = lastCheck && lastCheck.documents ? lastCheck.documents : [];
  lastCheck = result;
  showFindings();
  clearTimeout(documentsTimer);
  documentsTimer = setTimeout(async () => {
    const full = await (await api('/api/check', yaml, 'application/yaml')).json();
    if (ticket !== inflight) return;
    lastCheck = full;
    showFindings();
    if (visibleSteps()[step].special === 'documents') showDocuments();
  }, 200);
  if (started) window.procspecTimings.push(performance.now() - started);
  document.getElementById('timing').textContent =
    started ? `確認にかかった時間: ${Math.round(performance.now() - started)} ms` : '';
}

function stepOfPath(path) {
  const top = path.split(/[.[]/)[0];
  const steps = visibleSteps();
  const i = steps.findIndex(s => (s.keys || []).includes(top));
  return i >= 0 ? i : 10;
}

function pathForFinding(f) {
  // The deepest key of the line, or the key the message names.
  let path = (f.line && lineToPath[f.line - 1]) || null;
  const named = (f.message || '').match(/[a-z_]+(\.[a-z_]+)+/);
  if (!path && named) path = named[0];
  // An entry of a list is typed in its list's field.
  while (path && !fields.has(path) && /[.[]/.test(path)) path = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
  return path;
}

function showFindings() {
  const list = document.getElementById('findings');
  const verdict = document.getElementById('verdict');
  const summary = document.getElementById('error-list');
  // Messages of the previous check go; a field's own format check stays.
  for (const input of fields.values()) validateLocal(input);
  list.replaceChildren();
  summary.replaceChildren();
  if (!lastCheck) return;
  verdict.replaceChildren(lastCheck.approvable
    ? el('span', { class: 'ok', text: '利用基準を満たしています。' })
    : el('span', { text: lastCheck.readable ? '利用基準を満たしていない点があります。' : 'プロファイルを読めません。' }));
  const steps = visibleSteps();
  for (const f of lastCheck.findings) {
    const path = pathForFinding(f);
    const target = path ? fields.get(path) : null;
    const ref = f.ref ? `［${f.ref}${f.summary ? ' ' + f.summary : ''}］` : '';
    const link = el('a', { href: '#' + (path ? idFor(path) : 'form') }, `${SEVERITY[f.severity] || f.severity}${ref}: ${f.message}`);
    link.addEventListener('click', ev => {
      ev.preventDefault();
      if (path) { step = Math.min(stepOfPath(path), steps.length - 1); render(); }
      const t = path && fields.get(path);
      if (t) t.focus();
    });
    list.append(el('li', { class: f.severity }, link));
    if (target && f.severity === 'error') {
      target.setAttribute('aria-invalid', 'true');
      document.getElementById(target.id + '-err').textContent = f.message;
      const item = link.cloneNode(true);
      item.addEventListener('click', ev => { ev.preventDefault(); target.focus(); });
      summary.append(el('li', {}, item));
    }
  }
  document.getElementById('error-summary').hidden = !summary.children.length;
  const docs = document.getElementById('documents');
  docs.replaceChildren(...(lastCheck.documents || []).map(k => el('li', { text: KIND_NAMES[k] || k })));
  const cov = lastCheck.coverage;
  document.getElementById('coverage').textContent = cov
    ? `利用基準の要求事項 ${cov.rows} 件のうち、条文のないもの ${cov.uncovered} 件` : '';
}

// ---- documents ----

function download(blob, name) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

async function fetchDocument(doc, format, name) {
  const q = new URLSearchParams({ doc, format });
  const r = await api('/api/generate?' + q, toYaml(), 'application/yaml');
  if (!r.ok) { const e = await r.json(); alert(e.error); return; }
  download(await r.blob(), name);
}

function showDocuments() {
  const kinds = (lastCheck && lastCheck.documents) || [];
  document.getElementById('documents-status').textContent = kinds.length
    ? '次の文書を作成できます。' : '利用基準を満たすと文書を作成できます（右の確認結果を参照）。';
  const select = document.getElementById('preview-kind');
  select.replaceChildren(...kinds.map(k => el('option', { value: k, text: KIND_NAMES[k] || k })));
  const compare = document.getElementById('compare-kind');
  compare.replaceChildren(...kinds.map(k => el('option', { value: k, text: KIND_NAMES[k] || k })));
  const box = document.getElementById('download-buttons');
  box.replaceChildren();
  for (const k of kinds)
    for (const [fmt, label] of [['docx', 'Word'], ['odt', 'ODT'], ['md', 'Markdown']]
      .concat(info.pdf ? [['pdf', 'PDF']] : [])
      .concat(k === 'compliance' ? [['xlsx', 'Excel'], ['csv', 'CSV']] : [])) {
      const b = el('button', { type: 'button', 'data-download': `${k}.${fmt}`, text: `${KIND_NAMES[k] || k}（${label}）` });
      b.addEventListener('click', () => fetchDocument(k, fmt, `${k}.${fmt}`));
      box.append(b);
    }
  if (kinds.length) {
    const all = el('button', { type: 'button', id: 'download-zip', text: 'すべての文書（ZIP）' });
    all.addEventListener('click', () => fetchDocument('all', 'all', 'procspec.zip'));
    box.append(all);
  }
  const yaml = el('button', { type: 'button', id: 'download-yaml', text: 'プロファイル（YAML）' });
  yaml.addEventListener('click', () => download(new Blob([toYaml()], { type: 'text/yaml' }), 'profile.yaml'));
  box.append(yaml);
}

async function preview() {
  const kind = document.getElementById('preview-kind').value;
  if (!kind) return;
  const r = await api('/api/preview?doc=' + encodeURIComponent(kind), toYaml(), 'application/yaml');
  const box = document.getElementById('preview');
  if (!r.ok) { box.textContent = (await r.json()).error; return; }
  // The server renders the document's Markdown without raw HTML: values of
  // the profile are text, never markup.
  const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
  box.replaceChildren(...doc.body.childNodes);
}

// ---- opening a profile and comparing ----

async function openProfile(file) {
  const text = await file.text();
  const r = await api('/api/profile', text, 'application/yaml');
  const result = await r.json();
  if (!result.profile) {
    lastCheck = result;
    showFindings();
    return;
  }
  state = result.profile;
  step = 0;
  render();
  changedAt = 0;
  await check();
}

async function diffForm(file) {
  const form = new FormData();
  // The file as it is (a profile, or last year's DOCX, ODT or Markdown:
  // the server tells them apart by their content).
  form.append('old', file, file.name);
  form.append('new', new Blob([toYaml()], { type: 'text/yaml' }), 'new.yaml');
  return form;
}

async function compare() {
  const file = document.getElementById('old-profile').files[0];
  const kind = document.getElementById('compare-kind').value || 'spec';
  const out = document.getElementById('compare-result');
  if (!file) { out.textContent = '前の版のプロファイル又は文書を選んでください。'; return; }
  const r = await fetch('/api/diff?format=json&doc=' + encodeURIComponent(kind),
    { method: 'POST', headers: { 'X-Procspec-Token': TOKEN }, body: await diffForm(file) });
  const result = await r.json();
  if (!r.ok) { out.textContent = result.error; return; }
  const rows = (result.changes || []).map(c => el('tr', {},
    el('td', { text: c.number || '' }), el('td', { text: c.title || c.id }), el('td', { text: c.kind_ja || c.kind })));
  out.replaceChildren(el('table', {}, el('thead', {}, el('tr', {},
    el('th', { text: '条番号' }), el('th', { text: '見出し' }), el('th', { text: '変更' }))), el('tbody', {}, ...rows)));
  const table = await fetch('/api/diff?format=comparison-html&doc=' + encodeURIComponent(kind),
    { method: 'POST', headers: { 'X-Procspec-Token': TOKEN }, body: await diffForm(file) });
  if (table.ok) {
    const doc = new DOMParser().parseFromString(await table.text(), 'text/html');
    const preview = el('div', { id: 'comparison-preview' });
    preview.replaceChildren(...doc.body.childNodes);
    out.append(el('h3', { text: '新旧対照表' }), preview);
  }
  const box = document.getElementById('compare-downloads');
  box.replaceChildren();
  for (const [fmt, label, ext] of [['docx', '変更履歴付き（Word）', 'docx'], ['odt', '変更履歴付き（ODT）', 'odt'],
                                   ['comparison-docx', '新旧対照表（Word）', 'docx'], ['comparison-odt', '新旧対照表（ODT）', 'odt']]) {
    const b = el('button', { type: 'button', 'data-redline': fmt, text: label });
    b.addEventListener('click', async () => {
      const rr = await fetch(`/api/diff?format=${fmt}&doc=${encodeURIComponent(kind)}`,
        { method: 'POST', headers: { 'X-Procspec-Token': TOKEN }, body: await diffForm(file) });
      if (!rr.ok) { out.textContent = (await rr.json()).error; return; }
      download(await rr.blob(), `${kind}-${fmt.startsWith('comparison') ? 'comparison' : 'redline'}.${ext}`);
    });
    box.append(b);
  }
}

// ---- start ----

async function start() {
  const r = await api('/api/schema');
  schema = await r.json();
  info = await (await api('/api/info')).json();
  document.getElementById('prev').addEventListener('click', () => { step--; render(); });
  document.getElementById('next').addEventListener('click', () => { step++; render(); });
  document.getElementById('preview-button').addEventListener('click', preview);
  document.getElementById('compare-button').addEventListener('click', compare);
  document.getElementById('open-profile').addEventListener('change', ev => {
    if (ev.target.files[0]) openProfile(ev.target.files[0]);
  });
  render();
  changedAt = 0;
  await check();
}

start();
