/* global history, location, sessionStorage, URLSearchParams, Blob */
// The plan editor's script: reads the form into a plan document, asks the server to validate
// it as you type (the one rule set of `roundtable validate`), shows each problem next to its
// field, saves, restores, imports and downloads. No build step, no framework.
(() => {
  const config = JSON.parse(document.getElementById('editor-config').textContent);
  const words = JSON.parse(document.getElementById('editor-words').textContent);
  const form = document.getElementById('plan');
  const status = document.getElementById('status');
  const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (w, k) => (k in vars ? String(vars[k]) : w));
  let baseVersion = config.baseVersion;
  let savedId = config.planId;
  let problems = [];
  let seq = 0;

  const value = (root, key, lang) => {
    const el = root.querySelector(`:scope [data-key="${key}"]${lang ? `[data-lang="${lang}"]` : ':not([data-lang])'}`);
    if (!el) return '';
    return el.type === 'checkbox' ? el.checked : el.value.trim();
  };
  const localized = (root, key) => {
    const out = {};
    for (const lang of ['en', 'fr']) {
      const v = value(root, key, lang);
      if (v) out[lang] = v;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const list = (text) =>
    text
      ? text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  const put = (doc, key, v) => {
    if (v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) doc[key] = v;
  };

  function itemsOf(kind) {
    return [...document.querySelectorAll(`#${kind} > li`)];
  }

  function readPlan() {
    const doc = {};
    const general = form.querySelector('section');
    for (const key of ['id']) put(doc, key, value(general, key));
    put(doc, 'title', localized(general, 'title'));
    put(doc, 'languages', value(general, 'languages').split(','));
    for (const key of ['channel', 'timezone', 'start', 'repeat', 'duration', 'hashtag'])
      put(doc, key, value(general, key));
    const host = {};
    put(host, 'name', value(general, 'host.name'));
    put(host, 'title', localized(general, 'host.title'));
    if (Object.keys(host).length) doc.host = host;
    put(doc, 'organizers', list(value(general, 'organizers')));
    put(doc, 'welcome', localized(general, 'welcome'));
    put(doc, 'closing', localized(general, 'closing'));
    put(doc, 'evaluation', value(general, 'evaluation'));
    put(doc, 'reminders', list(value(general, 'reminders')));
    doc.questions = itemsOf('questions').map((li) => {
      const q = {};
      put(q, 'text', localized(li, 'text'));
      put(q, 'at', value(li, 'at'));
      return q;
    });
    const polls = itemsOf('polls').map(readPoll);
    if (polls.length) doc.polls = polls;
    return doc;
  }

  function readPoll(li) {
    const p = {};
    put(p, 'question', localized(li, 'question'));
    const en = value(li, 'options', 'en')
      .split('\n')
      .map((s) => s.trim());
    const fr = value(li, 'options', 'fr')
      .split('\n')
      .map((s) => s.trim());
    const n = Math.max(en.filter(Boolean).length, fr.filter(Boolean).length);
    p.options = Array.from({ length: n }, (_, i) => {
      const o = {};
      put(o, 'en', en[i]);
      put(o, 'fr', fr[i]);
      return o;
    });
    for (const key of ['at', 'closes']) put(p, key, value(li, key));
    const multiple = value(li, 'multiple');
    if (multiple) p.multiple = /^\d+$/.test(multiple) ? Number(multiple) : multiple;
    if (value(li, 'anonymous')) p.anonymous = true;
    p.results = value(li, 'results');
    return p;
  }

  async function post(action, body) {
    const res = await fetch(`${config.base}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, lang: config.lang }),
    });
    const data = await res.json().catch(() => ({}));
    return { status: res.status, data };
  }

  function slotFor(path) {
    const [head, index, ...rest] = path;
    if ((head === 'questions' || head === 'polls') && typeof index === 'number') {
      const li = itemsOf(head)[index];
      const key = rest.filter((x) => typeof x === 'string')[0];
      return (li && key && li.querySelector(`[data-problem="${key}"]`)) || (li && li.querySelector('[data-problem]'));
    }
    const key = head === 'host' ? `host.${path[1] ?? 'name'}` : head;
    return document.querySelector(`#plan > section:first-child [data-problem="${key}"]`);
  }

  function showProblems(list) {
    problems = list;
    for (const slot of document.querySelectorAll('[data-problem]')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    const general = [];
    for (const p of list) {
      const slot = slotFor(p.path || []);
      if (slot) {
        slot.hidden = false;
        slot.textContent = slot.textContent ? `${slot.textContent} ${p.message}` : p.message;
      } else general.push(p.message);
    }
    const box = document.getElementById('problems');
    box.textContent = general.join(' ');
    const key = list.length === 0 ? 'problems_zero' : list.length === 1 ? 'problems_one' : 'problems_other';
    status.textContent = fill(words[key], { count: list.length });
    completeness();
  }

  function completeness() {
    const missing = { en: 0, fr: 0 };
    const langs = (value(form, 'languages') || 'en,fr').split(',');
    if (langs.length < 2) {
      document.getElementById('completeness').textContent = words.missing_zero;
      return;
    }
    const inputs = [...form.querySelectorAll('[data-lang]')];
    const groups = new Map();
    for (const el of inputs) {
      const key = el.closest('.field');
      if (!groups.has(key)) groups.set(key, {});
      groups.get(key)[el.dataset.lang] = el.value.trim();
    }
    for (const g of groups.values()) {
      if (g.en && !g.fr) missing.fr++;
      if (g.fr && !g.en) missing.en++;
    }
    const parts = ['en', 'fr']
      .filter((l) => missing[l])
      .map((l) => fill(words[`missing_${l}_${missing[l] === 1 ? 'one' : 'other'}`], { count: missing[l] }));
    document.getElementById('completeness').textContent = parts.length ? parts.join('; ') : words.missing_zero;
  }

  // Only the latest check may write the status: a save or restore makes every check still on
  // its way stale, so their answer cannot replace "Saved as version N" with "No problems".
  let timer;
  let checks = 0;
  async function validate() {
    const mine = ++checks;
    const { data } = await post('validate', { plan: readPlan() });
    if (mine === checks && data.problems) showProblems(data.problems);
  }
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(validate, 150);
  };

  function renumber() {
    for (const kind of ['questions', 'polls'])
      itemsOf(kind).forEach((li, i) => {
        li.querySelector('.item-title').textContent = fill(words[kind === 'questions' ? 'question' : 'poll'], {
          n: i + 1,
        });
      });
  }

  function addItem(kind, focus = true) {
    const template = document.getElementById(kind === 'questions' ? 'question-template' : 'poll-template');
    const li = template.content.firstElementChild.cloneNode(true);
    for (const el of li.querySelectorAll('[id]')) {
      const id = `n${++seq}-${el.id}`;
      li.querySelector(`label[for="${el.id}"]`)?.setAttribute('for', id);
      el.id = id;
    }
    document.getElementById(kind).append(li);
    renumber();
    if (focus) li.querySelector('input, textarea').focus();
    later();
    return li;
  }

  function onItemTool(event) {
    const button = event.target.closest('button[data-act]');
    if (!button) return;
    const li = button.closest('li');
    if (button.dataset.act === 'remove') {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      (next?.querySelector('input, textarea') || document.getElementById('add-question'))?.focus();
    }
    if (button.dataset.act === 'up' && li.previousElementSibling)
      li.parentElement.insertBefore(li, li.previousElementSibling);
    if (button.dataset.act === 'down' && li.nextElementSibling)
      li.parentElement.insertBefore(li.nextElementSibling, li);
    if (button.dataset.act !== 'remove') button.focus();
    renumber();
    later();
  }

  async function save() {
    clearTimeout(timer);
    await validate();
    if (problems.length) {
      document.querySelector('[data-problem]:not([hidden])')?.previousElementSibling?.focus?.();
      return;
    }
    const plan = readPlan();
    // Another id is another plan: a new one, saved from no base version.
    const base = plan.id === savedId ? baseVersion : undefined;
    const { status: code, data } = await post('save', { plan, baseVersion: base });
    checks++;
    if (code === 200) {
      baseVersion = data.number;
      savedId = data.id;
      status.textContent = fill(words.saved, { n: data.number });
      history.replaceState(null, '', `?plan=${data.id}&lang=${config.lang}`);
      return;
    }
    if (code === 409)
      status.textContent = fill(data.number === 0 ? words.taken : words.conflict, { name: data.by, at: data.at });
    else if (code === 422) showProblems(data.problems);
    else if (code === 403) status.textContent = words.forbidden;
    else status.textContent = words.failed;
  }

  async function restore(number) {
    const id = value(form, 'id');
    clearTimeout(timer);
    const { status: code, data } = await post('restore', { id, number, baseVersion });
    checks++;
    if (code === 200) {
      location.assign(`?plan=${data.id}&lang=${config.lang}`);
      return;
    }
    status.textContent = code === 409 ? fill(words.conflict, { name: data.by, at: data.at }) : words.failed;
  }

  async function importPlan() {
    const file = document.getElementById('import-file').files[0];
    const text = file ? await file.text() : document.getElementById('import-text').value;
    const { data } = await post('import', { text });
    const out = document.getElementById('import-result');
    const located = `${words.importProblems} ${(data.problems || []).map((p) => `${p.line}:${p.column} ${p.message}`).join(' ')}`;
    if (data.data && typeof data.data === 'object') fillFrom(data.data);
    out.textContent = data.ok ? words.importDone : located;
  }

  function fillFrom(doc) {
    const general = form.querySelector('section');
    const set = (root, key, v, lang) => {
      const el = root.querySelector(`[data-key="${key}"]${lang ? `[data-lang="${lang}"]` : ':not([data-lang])'}`);
      if (el) {
        if (el.type === 'checkbox') el.checked = v === true;
        else el.value = v === undefined ? '' : Array.isArray(v) ? v.join(key === 'languages' ? ',' : ', ') : String(v);
      }
    };
    const setL = (root, key, v) => {
      for (const l of ['en', 'fr']) set(root, key, v?.[l], l);
    };
    for (const key of [
      'id',
      'languages',
      'channel',
      'timezone',
      'start',
      'repeat',
      'duration',
      'hashtag',
      'organizers',
      'evaluation',
      'reminders',
    ])
      set(general, key, doc[key]);
    for (const key of ['title', 'welcome', 'closing']) setL(general, key, doc[key]);
    set(general, 'host.name', doc.host?.name);
    setL(general, 'host.title', doc.host?.title);
    for (const kind of ['questions', 'polls']) document.getElementById(kind).replaceChildren();
    for (const q of doc.questions || []) {
      const li = addItem('questions', false);
      setL(li, 'text', q.text);
      set(li, 'at', q.at);
    }
    for (const p of doc.polls || []) {
      const li = addItem('polls', false);
      setL(li, 'question', p.question);
      for (const l of ['en', 'fr']) set(li, 'options', (p.options || []).map((o) => o[l] || '').join('\n'), l);
      for (const key of ['at', 'closes', 'multiple', 'anonymous', 'results']) set(li, key, p[key]);
    }
    later();
  }

  async function download() {
    const { data } = await post('yaml', { plan: readPlan() });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([data.yaml], { type: 'application/yaml' }));
    a.download = `${value(form, 'id') || 'plan'}.yaml`;
    a.click();
  }

  form.addEventListener('input', later);
  form.addEventListener('change', later);
  form.addEventListener('click', onItemTool);
  document.getElementById('add-question')?.addEventListener('click', () => addItem('questions'));
  document.getElementById('add-poll')?.addEventListener('click', () => addItem('polls'));
  document.getElementById('save')?.addEventListener('click', save);
  document.getElementById('import')?.addEventListener('click', importPlan);
  document.getElementById('download').addEventListener('click', download);
  document.getElementById('duplicate')?.addEventListener('click', () => {
    const doc = readPlan();
    doc.id = `${doc.id}-copy`;
    sessionStorage.setItem('roundtable-import', JSON.stringify(doc));
    location.assign(`${config.base}?lang=${config.lang}&duplicate=1`);
  });
  for (const b of document.querySelectorAll('[data-restore]'))
    b.addEventListener('click', () => restore(Number(b.dataset.restore)));
  if (new URLSearchParams(location.search).has('duplicate') && sessionStorage.getItem('roundtable-import'))
    fillFrom(JSON.parse(sessionStorage.getItem('roundtable-import')));
  validate();
})();
