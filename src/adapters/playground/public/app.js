// The Roundtable playground page: who you are (your name in this room: the server gives its
// participant id, the same in every tab and browser), the channel over Server-Sent Events,
// the composer, votes, likes, edits, threads, the rehearsal controls, and replies only this
// tab sees.
import { applyStrings, loadStrings, pageLang, t } from './strings.js';
import { PostList, markPressed } from './posts.js';
import { renderPlans, renderProgress, renderRun } from './rehearsal.js';
import { ChannelFollower } from './follow.js';
import { NoticeBox } from './notices.js';

const NAMES_KEY = 'roundtable.playground.names';
const ME_KEY = 'roundtable.playground.me';
const LANG_KEY = 'roundtable.playground.lang';

const $ = (id) => document.getElementById(id);
const room = new window.URLSearchParams(window.location.search).get('room') || 'rehearsal';
const state = {
  posts: new Map(),
  me: undefined,
  openThreads: new Set(),
  editing: undefined,
  run: null,
  runAt: 0,
  command: '/roundtable',
  catalog: undefined,
  choices: new Map(),
};
const postList = new PostList($('posts'), state);
const follower = new ChannelFollower($('scroller'), $('new-posts'));
const notices = new NoticeBox({ box: $('notices-box'), list: $('notices'), status: $('notice-status') }, () =>
  $('composer-text').focus(),
);
const runEls = {
  controls: [...document.querySelectorAll('.controls button')],
  pause: $('pause'),
  status: $('run-status'),
  timeline: $('timeline'),
  progress: $('progress'),
  progressLabel: $('progress-label'),
};
let source;
let connected;
let identityTurn = Promise.resolve();

function readJson(storage, key, fallback) {
  try {
    return JSON.parse(storage.getItem(key) ?? '') ?? fallback;
  } catch {
    return fallback;
  }
}

/** The participant id of `name` in this room, from the server: a name is the same person in every tab and browser. */
async function idOf(name) {
  const res = await fetch(`/playground/api/person?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`);
  const data = await res.json();
  if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
  return data.id;
}

/** Remembers `name` for the list of names this browser used. */
function knownNames(name) {
  const names = new Set(readJson(window.localStorage, NAMES_KEY, []));
  if (name) names.add(name);
  window.localStorage.setItem(NAMES_KEY, JSON.stringify([...names]));
  $('known-names').replaceChildren(
    ...[...names].map((value) => Object.assign(document.createElement('option'), { value })),
  );
}

/** Takes the name and organizer box of this tab, one change after the other. */
function updateIdentity() {
  identityTurn = identityTurn.then(takeIdentity);
  return identityTurn;
}

/** Reconnects when the person changed. */
async function takeIdentity() {
  const name = $('name').value.trim();
  const organizer = $('organizer').checked;
  window.sessionStorage.setItem(ME_KEY, JSON.stringify({ name, organizer }));
  const before = state.me?.id;
  const personId = name
    ? await idOf(name).catch((err) => void showNotice({ text: t('error', { error: err.message }) }))
    : undefined;
  // An organizer tab acts as the organizer identity: its posts and likes carry that id.
  state.me = personId ? { personId, id: organizer ? state.catalog.organizer : personId, name, organizer } : undefined;
  knownNames(personId ? name : undefined);
  if (state.me?.id !== before) {
    postList.renderAll();
    connect();
  }
}

function connect() {
  source?.close();
  const user = state.me?.id ?? 'anonymous';
  source = new EventSource(`/playground/api/events?room=${encodeURIComponent(room)}&user=${encodeURIComponent(user)}`);
  source.addEventListener('open', () => setConnected(true));
  source.addEventListener('error', () => setConnected(false));
  source.addEventListener('hello', (e) => {
    const data = JSON.parse(e.data);
    state.posts = new Map(data.posts.map((p) => [p.id, p]));
    postList.renderAll();
    follower.reset();
    showRun(data.run);
    updateEmpty();
  });
  source.addEventListener('post', (e) => {
    const view = JSON.parse(e.data);
    const isNew = !state.posts.has(view.id);
    state.posts.set(view.id, view);
    postList.upsert(view);
    follower.changed(isNew && !view.thread ? { fresh: view.id, mine: view.author.id === state.me?.id } : {});
    updateEmpty();
    if (isNew && view.author.id !== state.me?.id) announce(view);
  });
  source.addEventListener('remove', (e) => {
    const { id } = JSON.parse(e.data);
    const thread = state.posts.get(id)?.thread;
    state.posts.delete(id);
    postList.remove(id, thread);
    follower.changed();
    updateEmpty();
  });
  source.addEventListener('run', (e) => showRun(JSON.parse(e.data)));
  source.addEventListener('notice', (e) => showNotice(JSON.parse(e.data)));
}

function setConnected(value) {
  if (connected === value) return;
  connected = value;
  $('connection').textContent = t(value ? 'connected' : 'disconnected');
}

function showRun(run) {
  state.run = run;
  state.runAt = Date.now();
  renderRun(run, state.runAt, runEls);
}

function updateEmpty() {
  $('empty').hidden = state.posts.size > 0;
}

/** Says a new post aloud (politely) for screen readers. */
function announce(view) {
  const root = view.thread ? state.posts.get(view.thread) : undefined;
  const text = root
    ? t('newReply', { post: root.summary, summary: view.summary })
    : t('newPost', { summary: view.summary });
  const region = $('announcer');
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/** A reply only this tab sees: HTML the server escaped, or a sentence of the page. */
function showNotice(notice) {
  notices.show(notice, pageLang());
}

/**
 * Sends an action as this tab's person; shows the notices that come back, or the refusal
 * (in the page's language: `user.lang` tells the server which). Undefined when it did not happen.
 */
async function send(action, body) {
  if (!state.me) {
    showNotice({ text: t('nameRequired') });
    $('name').focus();
    return undefined;
  }
  const user = { name: state.me.name, organizer: state.me.organizer, lang: pageLang() };
  try {
    const res = await fetch(`/playground/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room, user, ...body }),
    });
    const data = await res.json();
    // A refusal with words for people (an empty message, a text too long) is shown as said.
    if (!res.ok && data.key) return void showNotice({ text: data.error });
    if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
    for (const notice of data.notices) showNotice(notice);
    return data;
  } catch (err) {
    showNotice({ text: t('error', { error: err.message }) });
    return undefined;
  }
}

/** A poll click; the reply gives this person's current choice, shown as the pressed buttons. */
async function vote(value) {
  const done = await send('vote', { value });
  if (!done?.choice) return;
  state.choices.set(done.choice.poll, new Set(done.choice.pressed));
  markPressed(document, state.choices);
}

async function submitText(area, thread) {
  // Even an empty message goes to the server, which says why it is refused: never silence.
  const text = area.value.trim();
  const done = await send('message', { text, ...(thread ? { thread } : {}) });
  if (done) area.value = '';
}

/** Enter sends, Shift+Enter starts a new line. */
function sendOnEnter(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.target.tagName === 'TEXTAREA') {
    event.preventDefault();
    event.target.form?.requestSubmit();
  }
}

async function onPostClick(event) {
  const button = event.target.closest('button');
  if (!button) return;
  if (button.classList.contains('vote')) return void vote(button.dataset.value);
  const id = button.dataset.id;
  const view = state.posts.get(id);
  switch (button.dataset.action) {
    case 'thread':
      return postList.toggleThread(id);
    case 'like':
      return void send('like', { post: id, liked: button.getAttribute('aria-pressed') !== 'true' });
    case 'edit':
      state.editing = id;
      postList.upsert(view);
      return $(`edit-${id}`)?.focus();
    case 'cancel-edit':
      state.editing = undefined;
      postList.upsert(view);
      return document.querySelector(`#item-${window.CSS.escape(id)} [data-action="edit"]`)?.focus();
    case 'delete':
      return void send('delete', { post: id }).then((done) => done && $('composer-text').focus());
  }
}

async function onPostSubmit(event) {
  event.preventDefault();
  const form = event.target;
  if (form.classList.contains('reply-form')) return submitText(form.querySelector('textarea'), form.dataset.thread);
  if (form.classList.contains('edit-form')) {
    const id = form.dataset.id;
    const done = await send('edit', { post: id, text: form.querySelector('textarea').value });
    if (!done) return;
    state.editing = undefined;
    const view = state.posts.get(id);
    if (view) postList.upsert(view);
    document.querySelector(`#item-${window.CSS.escape(id)} [data-action="edit"]`)?.focus();
  }
}

async function loadPlans() {
  const res = await fetch('/playground/api/plans');
  state.catalog = await res.json();
  renderPlans(state.catalog, $('plan'), $('speed'));
}

async function setLanguage(lang) {
  state.command = await loadStrings(lang);
  window.localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = pageLang();
  $('page-lang').value = pageLang();
  document.title = t('title');
  applyStrings(document, { command: state.command });
  $('channel-title').textContent = t('channel', { room: `#${room}` });
  $('scroller').setAttribute('aria-label', t('channelPosts', { room: `#${room}` }));
  $('composer-hint').textContent = t('placeholder', { command: state.command });
  $('empty').textContent = t('empty', { command: state.command });
  if (connected !== undefined) $('connection').textContent = t(connected ? 'connected' : 'disconnected');
  if (state.catalog) renderPlans(state.catalog, $('plan'), $('speed'));
  notices.relabel();
  postList.renderAll();
  follower.changed();
  follower.relabel();
  renderRun(state.run, state.runAt, runEls);
}

async function main() {
  const me = readJson(window.sessionStorage, ME_KEY, {});
  $('name').value = me.name ?? '';
  $('organizer').checked = me.organizer === true;
  const saved = window.localStorage.getItem(LANG_KEY);
  await setLanguage(saved ?? (window.navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en'));
  await loadPlans();
  await updateIdentity();
  if (!source) connect();

  $('page-lang').addEventListener('change', (e) => void setLanguage(e.target.value));
  $('name').addEventListener('change', () => void updateIdentity());
  $('organizer').addEventListener('change', () => void updateIdentity());
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    void submitText($('composer-text'));
  });
  document.addEventListener('keydown', sendOnEnter);
  $('posts').addEventListener('click', (e) => void onPostClick(e));
  $('posts').addEventListener('submit', (e) => void onPostSubmit(e));
  $('start-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void send('control', { action: 'start', plan: $('plan').value, speed: Number($('speed').value) });
  });
  for (const button of runEls.controls)
    button.addEventListener('click', () => void send('control', { action: button.dataset.action }));
  window.addEventListener('hashchange', openLinkedPost);
  setInterval(() => state.run?.status === 'running' && renderProgress(state.run, state.runAt, runEls), 1000);
}

/** A link to a post inside a closed thread (`#post-…`) opens the thread and moves the focus there. */
function openLinkedPost() {
  const id = window.location.hash.replace(/^#post-/, '');
  const view = state.posts.get(id);
  if (!view) return;
  if (view.thread) postList.toggleThread(view.thread, true);
  $(`post-${id}`)?.focus();
}

void main();
