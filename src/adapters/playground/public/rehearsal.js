// The rehearsal panel: plans and speeds to start with, pause/resume, next and stop, the
// state of the room's chat, its plan time, and the timeline of what comes next and when.
import { clockText, pageLang, t, timeText } from './strings.js';
import { el } from './posts.js';

/** A localized plan text in the page's language, else the first one it has. */
export function pick(text) {
  if (!text) return '';
  return text[pageLang()] ?? Object.values(text)[0] ?? '';
}

/** Fills the plan and speed lists, keeping what was chosen. */
export function renderPlans(catalog, planSelect, speedSelect) {
  const chosenPlan = planSelect.value;
  const chosenSpeed = speedSelect.value || String(catalog.speed);
  planSelect.replaceChildren(
    ...catalog.plans.map((p) =>
      p.error
        ? el('option', { value: p.id, disabled: true }, t('planInvalid', { plan: p.id, error: p.error }))
        : el('option', { value: p.id }, `${pick(p.title)} (${p.id})`),
    ),
  );
  if (chosenPlan) planSelect.value = chosenPlan;
  speedSelect.replaceChildren(
    ...catalog.speeds.map((s) => el('option', { value: String(s) }, t('speedOption', { speed: s }))),
  );
  speedSelect.value = chosenSpeed;
}

/** Plan ms elapsed now: counted on from the view while the chat runs. */
export function elapsedNow(run, receivedAt) {
  if (run.status !== 'running') return run.elapsedMs;
  return Math.min(run.endMs, run.elapsedMs + (Date.now() - receivedAt) * run.speed);
}

/** Draws the panel for `run` (null when the room never had one). */
export function renderRun(run, receivedAt, els) {
  const active = run && run.status !== 'ended';
  for (const button of els.controls) button.disabled = !active;
  els.pause.dataset.action = run?.status === 'paused' ? 'resume' : 'pause';
  els.pause.textContent = t(els.pause.dataset.action);
  if (!run) {
    els.status.textContent = t('statusIdle');
    els.timeline.replaceChildren();
    renderProgress(null, receivedAt, els);
    return;
  }
  const title = pick(run.title);
  const key = { running: 'statusRunning', paused: 'statusPaused', ended: 'statusEnded' }[run.status];
  els.status.textContent = t(key, { title, speed: run.speed });
  const skew = receivedAt - run.now;
  const items = run.steps.map((step) => {
    const offset = clockText(step.atMs, run.endMs >= 3_600_000);
    const when =
      step.at === undefined ? t('stepOnHold', { offset }) : t('stepAt', { time: timeText(step.at + skew), offset });
    const text = pick(step.text);
    return el(
      'li',
      { class: `step step-${step.kind}` },
      el('strong', {}, t(`step.${step.kind}`, { n: step.number ?? '' })),
      text ? el('span', { class: 'step-text' }, ` ${text}`) : null,
      el('span', { class: 'step-when' }, when),
    );
  });
  els.timeline.replaceChildren(...(items.length > 0 ? items : [el('li', { class: 'step' }, t('timelineEmpty'))]));
  renderProgress(run, receivedAt, els);
}

/** Updates the plan time and its bar (every second while a chat runs). */
export function renderProgress(run, receivedAt, els) {
  const elapsed = run ? elapsedNow(run, receivedAt) : 0;
  const total = run ? run.endMs : 0;
  els.progress.max = Math.max(1, total);
  els.progress.value = elapsed;
  els.progressLabel.textContent = t('progress', {
    elapsed: clockText(elapsed, total >= 3_600_000),
    total: clockText(total),
  });
}
