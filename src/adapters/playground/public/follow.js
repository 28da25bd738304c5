// The channel follows its newest post while the reader is at the end; once they scroll up it
// stays where they are, and a button counts the posts that came since and brings them there.
// "At the end" is what the reader last did (their scrolling), never a guess made when a post
// arrives: a poll that grows as it closes must not stop the channel from following.
import { t } from './strings.js';

const NEAR_END_PX = 40;

/** Follows the newest posts of `scroller`; `button` says how many came while the reader was away. */
export class ChannelFollower {
  constructor(scroller, button) {
    this.scroller = scroller;
    this.button = button;
    this.following = true;
    this.unseen = [];
    scroller.addEventListener('scroll', () => this.onScroll());
    button.addEventListener('click', () => this.jump());
  }

  /**
   * After the channel changed: `fresh` is the id of a new root post, `mine` says the reader
   * posted it (their own post always comes into view).
   */
  changed({ fresh, mine = false } = {}) {
    if (mine) this.following = true;
    if (this.following) return this.toEnd();
    if (fresh) {
      this.unseen.push(fresh);
      this.render();
    }
  }

  /** Goes to the newest post and follows again (first load, reconnect). */
  reset() {
    this.following = true;
    this.toEnd();
  }

  /** Says the count again in the page's language. */
  relabel() {
    this.render();
  }

  onScroll() {
    const s = this.scroller;
    this.following = s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_END_PX;
    if (this.following && this.unseen.length > 0) this.clear();
  }

  toEnd() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.clear();
  }

  /** The button: the newest posts come into view and the focus moves to the first one not seen. */
  jump() {
    const first = this.unseen.map((id) => document.getElementById(`post-${id}`)).find(Boolean);
    this.reset();
    (first ?? this.scroller).focus({ preventScroll: true });
  }

  clear() {
    this.unseen = [];
    this.render();
  }

  render() {
    const count = this.unseen.length;
    this.button.hidden = count === 0;
    this.button.textContent = count === 0 ? '' : t('newPosts', { count });
  }
}
