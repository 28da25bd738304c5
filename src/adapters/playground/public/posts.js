// The channel as a list: root posts in order, each question with its thread (replies and a
// reply box) under it. Bot posts arrive as HTML the server escaped; people's words are only
// ever set as text. A post that changes (a poll's tally) is redrawn without losing the focus.
import { t, timeText } from './strings.js';

/** Creates an element with attributes and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === undefined || value === null) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** The channel's view: `state` holds posts (Map id → view), `me`, open threads and the post being edited. */
export class PostList {
  constructor(list, state) {
    this.list = list;
    this.state = state;
  }

  /** Draws every post again (first load, reconnect, language or identity change). */
  renderAll() {
    this.list.replaceChildren();
    for (const view of this.state.posts.values()) if (!view.thread) this.list.append(this.rootItem(view));
    for (const view of this.state.posts.values()) if (view.thread) this.placeReply(view);
  }

  /** Adds or redraws one post. */
  upsert(view) {
    const old = document.getElementById(`item-${view.id}`);
    if (old) {
      const main = old.querySelector('.post-main');
      const focus = focusKey(main);
      main.replaceWith(this.main(view));
      restoreFocus(old, focus);
    } else if (view.thread) this.placeReply(view);
    else this.list.append(this.rootItem(view));
    if (view.thread) this.updateThreadBar(view.thread);
  }

  /** Removes a post. */
  remove(id, thread) {
    document.getElementById(`item-${id}`)?.remove();
    if (thread) this.updateThreadBar(thread);
  }

  /** Opens or closes a thread; opening moves the focus to its reply box. */
  toggleThread(id, open = !this.state.openThreads.has(id)) {
    if (open) this.state.openThreads.add(id);
    else this.state.openThreads.delete(id);
    const panel = document.getElementById(`thread-${id}`);
    if (!panel) return;
    panel.hidden = !open;
    this.updateThreadBar(id);
    if (open) document.getElementById(`reply-${id}`)?.focus();
  }

  rootItem(view) {
    const article = el(
      'article',
      {
        class: `post ${view.bot ? 'bot' : 'person'}`,
        id: `post-${view.id}`,
        'aria-labelledby': `by-${view.id}`,
        tabindex: '-1',
      },
      this.main(view),
    );
    const item = el('li', { class: 'post-item', id: `item-${view.id}` }, article);
    if (view.threadable || this.replies(view.id).length > 0) article.append(...this.thread(view));
    return item;
  }

  placeReply(view) {
    const replies = document.querySelector(`#thread-${cssId(view.thread)} .replies`);
    if (!replies) return;
    const article = el(
      'article',
      {
        class: `post reply ${view.bot ? 'bot' : 'person'}`,
        id: `post-${view.id}`,
        'aria-labelledby': `by-${view.id}`,
        tabindex: '-1',
      },
      this.main(view),
    );
    replies.append(el('li', { class: 'reply-item', id: `item-${view.id}` }, article));
  }

  thread(view) {
    const open = this.state.openThreads.has(view.id);
    const bar = el(
      'div',
      { class: 'thread-bar' },
      el(
        'button',
        {
          type: 'button',
          class: 'thread-toggle',
          'data-action': 'thread',
          'data-id': view.id,
          'aria-controls': `thread-${view.id}`,
          'aria-expanded': String(open),
        },
        this.threadLabel(view.id, open),
      ),
    );
    const label = t('replyLabel', { post: view.summary });
    const form = el(
      'form',
      { class: 'reply-form', 'data-thread': view.id },
      el('label', { for: `reply-${view.id}` }, label),
      el(
        'div',
        { class: 'composer-row' },
        el('textarea', { id: `reply-${view.id}`, rows: '2' }),
        el('button', { type: 'submit' }, t('reply')),
      ),
    );
    const panel = el(
      'div',
      {
        class: 'thread',
        id: `thread-${view.id}`,
        role: 'region',
        'aria-label': `${t('thread')}: ${view.summary}`,
        hidden: !open,
      },
      el('ol', { class: 'replies' }),
      form,
    );
    return [bar, panel];
  }

  updateThreadBar(id) {
    const button = document.querySelector(`#item-${cssId(id)} .thread-toggle`);
    if (!button) return;
    const open = this.state.openThreads.has(id);
    button.setAttribute('aria-expanded', String(open));
    button.textContent = this.threadLabel(id, open);
  }

  threadLabel(id, open) {
    const replies = t('replies', { count: this.replies(id).length });
    return t(open ? 'threadClose' : 'threadOpen', { replies });
  }

  replies(id) {
    return [...this.state.posts.values()].filter((p) => p.thread === id);
  }

  main(view) {
    const mine = !view.bot && view.author.id === this.state.me?.id;
    const meta = el(
      'p',
      { class: 'post-meta' },
      el('span', { class: 'author', id: `by-${view.id}` }, view.author.name),
      view.bot ? el('span', { class: 'badge' }, t('bot')) : null,
      mine ? el('span', { class: 'you' }, t('you')) : null,
      el('time', { datetime: new Date(view.at).toISOString() }, timeText(view.at)),
      view.edited ? el('span', { class: 'edited' }, t('edited')) : null,
    );
    const main = el('div', { class: 'post-main' }, meta);
    if (view.bot) {
      const body = el('div', { class: 'post-body' });
      body.innerHTML = view.html;
      markPressed(body, this.state.choices);
      main.append(body);
    } else if (this.state.editing === view.id) main.append(this.editForm(view));
    else main.append(el('p', { class: 'post-text' }, view.text), this.actions(view, mine));
    return main;
  }

  actions(view, mine) {
    const likes = view.likes ?? [];
    const liked = likes.includes(this.state.me?.id);
    return el(
      'div',
      { class: 'post-actions' },
      el(
        'button',
        { type: 'button', 'data-action': 'like', 'data-id': view.id, 'aria-pressed': String(liked) },
        t('like', { count: likes.length }),
      ),
      mine ? el('button', { type: 'button', 'data-action': 'edit', 'data-id': view.id }, t('edit')) : null,
      mine ? el('button', { type: 'button', 'data-action': 'delete', 'data-id': view.id }, t('delete')) : null,
    );
  }

  editForm(view) {
    const area = el('textarea', { id: `edit-${view.id}`, rows: '2' });
    area.value = view.text;
    return el(
      'form',
      { class: 'edit-form', 'data-id': view.id },
      el('label', { for: `edit-${view.id}` }, t('editLabel')),
      area,
      el(
        'div',
        { class: 'post-actions' },
        el('button', { type: 'submit' }, t('save')),
        el('button', { type: 'button', 'data-action': 'cancel-edit', 'data-id': view.id }, t('cancel')),
      ),
    );
  }
}

/**
 * Marks this person's choice on poll buttons under `root`: `choices` maps a poll's value
 * prefix (`vote|run|poll|`) to the values of the options they chose (from their last click).
 */
export function markPressed(root, choices) {
  for (const button of root.querySelectorAll('button.vote[aria-pressed]')) {
    const value = button.dataset.value;
    const chosen = choices.get(value.slice(0, value.lastIndexOf('|') + 1));
    if (chosen) button.setAttribute('aria-pressed', String(chosen.has(value)));
  }
}

/** An id as a CSS selector part. */
function cssId(id) {
  return window.CSS.escape(id);
}

/** How to find the focused element again after `container` is redrawn. */
function focusKey(container) {
  const active = document.activeElement;
  if (!active || !container.contains(active)) return undefined;
  if (active.id) return `#${cssId(active.id)}`;
  if (active.dataset.value) return `[data-value="${cssId(active.dataset.value)}"]`;
  if (active.dataset.action) return `[data-action="${active.dataset.action}"]`;
  return undefined;
}

function restoreFocus(item, key) {
  if (key) item.querySelector(key)?.focus();
}
