// Replies only this tab sees: a box under the channel that keeps the latest few with the
// newest always in view, and a polite status that reads each one aloud in its own language,
// with a pause between its lines ("Commands: For everyone", never "Commands:For everyone").
import { t } from './strings.js';

const MAX_NOTICES = 6;
const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, div, pre, tr, br';

/** The words of `node` as a screen reader should hear them: a space after every line. */
export function spokenText(node) {
  const copy = node.cloneNode(true);
  for (const block of copy.querySelectorAll(BLOCKS)) block.after(' ');
  // Plain spaces only: a no-break space (French typography) stays as it is.
  return copy.textContent.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** The box of notices: `els` holds `box`, `list` and `status`; `onDismiss` runs after one is dismissed. */
export class NoticeBox {
  constructor(els, onDismiss) {
    this.els = els;
    this.onDismiss = onDismiss;
  }

  /** Shows a notice: HTML the server escaped (in `notice.lang`), or a sentence of the page. */
  show(notice, pageLang) {
    const body = document.createElement('div');
    body.className = 'notice-body';
    const lang = notice.lang ?? pageLang;
    if (notice.html !== undefined) body.innerHTML = notice.html;
    else body.textContent = notice.text;
    body.lang = lang;
    const dismiss = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'dismiss',
      textContent: t('dismiss'),
    });
    const item = document.createElement('li');
    item.className = 'notice';
    item.append(body, dismiss);
    dismiss.addEventListener('click', () => {
      item.remove();
      this.els.box.hidden = this.els.list.children.length === 0;
      this.onDismiss();
    });
    const { box, list, status } = this.els;
    list.append(item);
    while (list.children.length > MAX_NOTICES) list.firstElementChild.remove();
    box.hidden = false;
    list.scrollTop = list.scrollHeight;
    status.textContent = '';
    const words = spokenText(body);
    setTimeout(() => {
      status.lang = lang;
      status.textContent = words;
    }, 50);
  }

  /** Renames the dismiss buttons in the page's language. */
  relabel() {
    for (const button of this.els.list.querySelectorAll('.dismiss')) button.textContent = t('dismiss');
  }
}
