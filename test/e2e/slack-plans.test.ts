/**
 * Plans from Slack, through the real process, the real Bolt over HTTP and the Slack stand-in:
 * `new` answers the organizer alone with an editor link, the editor accepts it and saves,
 * `plans` then lists the stored plan with its version; an altered link is refused in both
 * languages and changes nothing; `plan-file` lands in the asker's direct messages only.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { specsRequirement } from '../support/requirements.js';
import { planDocument } from '../support/plan-documents.js';
import { startSlackProcess, waitFor, type SlackProcess } from './support/slack-process.js';

const specs = specsRequirement();
const CHANNEL = 'C0PLANS001';
const PUBLIC = 'https://rt.example';

describe.skipIf(specs.skip)(`Slack: organizers make plans${specs.reason}`, () => {
  let p: SlackProcess | undefined;
  afterEach(async () => {
    await p?.stop();
    p = undefined;
  });

  it('gives the editor link privately, saves through it, lists the plan, and sends plan-file to the DM', async () => {
    p = await startSlackProcess({
      mode: 'http',
      env: { ROUNDTABLE_PUBLIC_URL: PUBLIC },
      setup(s) {
        s.addChannel(CHANNEL, { name: 'plans' });
        s.addUser({ id: 'U_ORG', name: 'Nadia Organizer', locale: 'en-CA' });
        s.addUser({ id: 'U0OUTSIDE1', name: 'Olivier Outsider', locale: 'fr-CA' });
      },
    });
    const proc = p;
    const { standin } = proc;
    const command = async (user: string, text: string): Promise<string> => {
      const seen = standin.ephemerals(user).length;
      expect(
        (await proc.driver.command({ command: '/roundtable', text, user_id: user, channel_id: CHANNEL })).status,
      ).toBe(200);
      await waitFor(`the reply to /roundtable ${text}`, () => standin.ephemerals(user).length > seen);
      return standin
        .ephemerals(user)
        .slice(seen)
        .map((e) => e.text)
        .join('\n');
    };

    expect(await command('U0OUTSIDE1', 'nouveau')).toContain('Seule l’équipe organisatrice');
    const reply = await command('U_ORG', 'new');
    const link = new RegExp(`${PUBLIC}/editor/([A-Za-z0-9_-]{43})`).exec(reply);
    expect(link).not.toBeNull();
    expect(standin.messages(CHANNEL).some((m) => (m.text ?? '').includes('/editor/'))).toBe(false);

    const path = `/editor/${link![1]}`;
    expect((await fetch(`${proc.baseUrl}${path}`)).status).toBe(200);
    const altered = `/editor/${link![1]!.slice(0, -1)}${link![1]!.endsWith('A') ? 'B' : 'A'}`;
    const refused = await fetch(`${proc.baseUrl}${altered}/save`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC },
      body: JSON.stringify({ plan: planDocument('monthly-chat') }),
    });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('Ce lien vers l’éditeur n’est pas valide ou a expiré.');
    const save = await fetch(`${proc.baseUrl}${path}/save`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC },
      body: JSON.stringify({ plan: planDocument('monthly-chat') }),
    });
    expect(await save.json()).toEqual({ ok: true, id: 'monthly-chat', number: 1 });
    expect(await command('U_ORG', 'plans')).toMatch(/monthly-chat — version 1, Nadia Organizer, \d{4}-\d{2}-\d{2}/);

    expect(await command('U_ORG', 'plan-file mini-discussion')).toContain('mini-discussion.yaml');
    const file = standin.files().find((f) => f.name === 'mini-discussion.yaml');
    expect(file?.channel).toBe('DU_ORG');
    expect(file?.bytes?.toString('utf8')).toBe(readFileSync('chats/mini-discussion.yaml', 'utf8'));
  });
});
