/**
 * The Teams app package: exactly the manifest, its French localization and both icons at the
 * root, the icons at the sizes Teams requires (read from their PNG headers), and a manifest
 * and a `fr.json` valid against Microsoft's 1.22 schemas (../shared/specs).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillManifest, packageTeamsApp, MANIFEST_DIR } from '../../../scripts/package-teams.js';
import Ajv04Module from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parseCommand, subOf } from '../../../src/core/engine/commands.js';
import { specsRequirement } from '../../support/requirements.js';
import { readZip, type ZipEntry } from './support/read-zip.js';

/** Ajv for draft-04 schemas (Microsoft's manifest schemas); a CommonJS default export, read the ESM way. */
const Ajv04 = Ajv04Module.default;

/** The parts of a manifest these tests read. */
interface Manifest {
  name: { short: string; full: string };
  description: { short: string; full: string };
  localizationInfo?: unknown;
  bots: Array<{ commandLists: Array<{ commands: Array<{ title: string; description: string }> }> }>;
}

const APP_ID = '7c1d2b0e-5e3a-4c1e-9d7f-0a1b2c3d4e5f';
const DOMAIN = 'roundtable.example.gc.ca';

/** Width, height, bit depth and colour type from a PNG's IHDR, and its RGBA pixels (filter 0 rows only). */
function readPng(png: Buffer): { width: number; height: number; depth: number; colorType: number; pixels: number[][] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const depth = png[24]!;
  const colorType = png[25]!;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    expect(rows[row]).toBe(0);
    for (let x = 0; x < width; x++) pixels.push([...rows.subarray(row + 1 + x * 4, row + 5 + x * 4)]);
  }
  return { width, height, depth, colorType, pixels };
}

describe('Teams app package', () => {
  let dir: string;
  let entries: ZipEntry[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rt-teams-'));
    const out = await packageTeamsApp({ appId: APP_ID, domain: DOMAIN, out: path.join(dir, 'roundtable-teams.zip') });
    entries = readZip(await readFile(out));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const entry = (name: string): Buffer => entries.find((e) => e.name === name)!.data;

  it('holds exactly manifest.json, fr.json, color.png and outline.png, at the root', () => {
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png']);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon, white on a transparent background', () => {
    const color = readPng(entry('color.png'));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(entry('outline.png'));
    expect([outline.width, outline.height, outline.depth, outline.colorType]).toEqual([32, 32, 8, 6]);
    expect(outline.pixels.some(([, , , a]) => a === 0)).toBe(true);
    expect(outline.pixels.filter(([, , , a]) => a! > 0).every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(
      true,
    );
  });

  it('has a current manifest with the bot in team, group chat and personal scopes, the app id and domain filled in', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a manifest read as plain JSON, checked field by field
    const m = JSON.parse(entry('manifest.json').toString('utf8')) as Record<string, any>;
    const version = /\/teams\/v(1\.(\d+))\/MicrosoftTeams\.schema\.json$/.exec(m.$schema);
    expect(version).not.toBeNull();
    expect(Number(version![2])).toBeGreaterThanOrEqual(17);
    expect(m.manifestVersion).toBe(version![1]);
    expect(m.id).toBe(APP_ID);
    expect(m.bots[0].botId).toBe(APP_ID);
    expect(m.webApplicationInfo.id).toBe(APP_ID);
    expect(m.bots[0].scopes).toEqual(['team', 'groupChat', 'personal']);
    expect(m.validDomains).toEqual([DOMAIN]);
    expect(m.developer.websiteUrl).toBe(`https://${DOMAIN}/`);
    expect(m.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(m.authorization.permissions.resourceSpecific).toContainEqual({
      name: 'ChannelMessage.Read.Group',
      type: 'Application',
    });
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);
    expect(m.name.short.length).toBeLessThanOrEqual(30);
    expect(m.name.full.length).toBeLessThanOrEqual(100);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    expect(m.accentColor).toMatch(/^#[0-9A-F]{6}$/i);
  });

  it('lists at most 10 commands per list, each one the bot understands, within Teams’ lengths', () => {
    const m = JSON.parse(entry('manifest.json').toString('utf8')) as {
      bots: Array<{
        commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
      }>;
    };
    for (const list of m.bots[0]!.commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
        const parsed = parseCommand(command.title);
        expect(parsed.ok || parsed.error !== 'unknown', command.title).toBe(true);
      }
    }
  });

  it('refuses to package without a real app id or with a URL for a domain', async () => {
    const template = await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
    expect(() => fillManifest(template, { appId: 'my-bot', domain: DOMAIN })).toThrow(/Microsoft App ID/);
    expect(() => fillManifest(template, { appId: APP_ID, domain: `https://${DOMAIN}/api/messages` })).toThrow(
      /host name/,
    );
  });
});

const specs = specsRequirement();

describe.skipIf(specs.skip)(`Teams app package in French, against Microsoft's 1.22 schemas${specs.reason}`, () => {
  let manifest: Manifest;
  let fr: Record<string, string>;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rt-teams-fr-'));
    const entries = readZip(
      await readFile(await packageTeamsApp({ appId: APP_ID, domain: DOMAIN, out: path.join(dir, 'package.zip') })),
    );
    await rm(dir, { recursive: true, force: true });
    const json = (name: string) => JSON.parse(entries.find((e) => e.name === name)!.data.toString('utf8')) as unknown;
    manifest = json('manifest.json') as Manifest;
    fr = json('fr.json') as Record<string, string>;
  });
  // The localization schema's patterns (`…\b]\.description$`) are valid JavaScript regular
  // expressions only without the `u` flag Ajv adds by default.
  const schema = (file: string) => {
    const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats.default(ajv);
    return ajv.compile(JSON.parse(readFileSync(path.join(specs.value, file), 'utf8')) as object);
  };

  it('has a manifest valid against teams-manifest-1.22.schema.json that names fr.json for French', () => {
    const check = schema('teams-manifest-1.22.schema.json');
    expect(check(manifest), JSON.stringify(check.errors)).toBe(true);
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en',
      additionalLanguages: [{ languageTag: 'fr', file: 'fr.json' }],
    });
  });

  it('has a fr.json valid against teams-manifest-localization-1.22.schema.json', () => {
    const check = schema('teams-manifest-localization-1.22.schema.json');
    expect(check(fr), JSON.stringify(check.errors)).toBe(true);
  });

  it('gives the name, both descriptions and every command in French, with French command words the bot understands', () => {
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full'])
      expect(fr[key], key).toBeTruthy();
    expect(fr['description.full']).toMatch(/discussions structurées/);
    manifest.bots[0]!.commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const title = fr[`bots[0].commandLists[${l}].commands[${c}].title`];
        const description = fr[`bots[0].commandLists[${l}].commands[${c}].description`];
        expect(title, `${command.title}`).toBeTruthy();
        expect(description, `${command.title}`).toBeTruthy();
        expect(description).not.toBe(command.description);
        const parsed = parseCommand(title!);
        expect(parsed.ok || parsed.error !== 'unknown', title).toBe(true);
        expect(subOf(title!.split(' ')[0]!), title).toBe(subOf(command.title));
      }),
    );
    const keys = Object.keys(fr).filter((k) => k.startsWith('bots['));
    expect(keys).toHaveLength(2 * manifest.bots[0]!.commandLists.reduce((n, list) => n + list.commands.length, 0));
  });

  it('writes the English manifest in English only (French lives in fr.json)', () => {
    expect(`${manifest.name.full} ${manifest.description.short} ${manifest.description.full}`).not.toMatch(
      / \/ |discussions|français/,
    );
  });
});
