/**
 * `npm run package:teams -- --app-id <Microsoft App ID> --domain <public host>`: the Teams
 * app package to upload, a zip with exactly `manifest.json`, its French localization
 * `fr.json`, `color.png` and `outline.png` at its root. The manifest's placeholders `{{MICROSOFT_APP_ID}}` and `{{BOT_DOMAIN}}` are
 * filled in; the app id may also come from `MicrosoftAppId`, as the bot reads it.
 *
 * Output: `roundtable-teams.zip` in the current folder (or `--out FILE`).
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

/** The files of the package, in the order they are zipped. */
export const PACKAGE_FILES = ['manifest.json', 'fr.json', 'color.png', 'outline.png'] as const;

/** The folder of the manifest and icons. */
export const MANIFEST_DIR = fileURLToPath(new URL('../manifests/teams/', import.meta.url));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;
/** Files in a zip get this time, so the same inputs give the same bytes. */
const FIXED_TIME = new Date(Date.UTC(2026, 0, 1));

/** What the package is made for. */
export interface PackageOptions {
  /** The bot's Microsoft App ID (a GUID). */
  appId: string;
  /** The host name of the messaging endpoint, e.g. `roundtable.example.gc.ca`. */
  domain: string;
  manifestDir?: string;
  out: string;
}

/** The manifest text with its placeholders filled in; throws a sentence that says what to fix. */
export function fillManifest(template: string, opts: { appId: string; domain: string }): string {
  if (!GUID.test(opts.appId))
    throw new Error(
      `The app id must be the Microsoft App ID of the Azure bot (a GUID such as 7c1d2b0e-5e3a-4c1e-9d7f-0a1b2c3d4e5f), not "${opts.appId}".`,
    );
  if (!HOST.test(opts.domain))
    throw new Error(
      `The domain must be the host name of the messaging endpoint, without https:// or a path (e.g. roundtable.example.gc.ca), not "${opts.domain}".`,
    );
  const filled = template
    .replaceAll('{{MICROSOFT_APP_ID}}', opts.appId.toLowerCase())
    .replaceAll('{{BOT_DOMAIN}}', opts.domain.toLowerCase());
  const left = /\{\{[A-Z_]+\}\}/.exec(filled);
  if (left) throw new Error(`The manifest still has the placeholder ${left[0]}: add it to scripts/package-teams.ts.`);
  JSON.parse(filled);
  return filled;
}

/** Writes the package; resolves with its path. */
export async function packageTeamsApp(opts: PackageOptions): Promise<string> {
  const dir = opts.manifestDir ?? MANIFEST_DIR;
  const manifest = fillManifest(await readFile(path.join(dir, 'manifest.json'), 'utf8'), opts);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest, 'utf8'), 'manifest.json', { mtime: FIXED_TIME, mode: 0o100644 });
  for (const name of PACKAGE_FILES.slice(1))
    zip.addBuffer(await readFile(path.join(dir, name)), name, { mtime: FIXED_TIME, mode: 0o100644 });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const file = createWriteStream(opts.out);
    file.on('close', resolve);
    file.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(file);
  });
  return opts.out;
}

function flag(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(args: readonly string[]): Promise<number> {
  const appId = flag(args, 'app-id') ?? process.env.MicrosoftAppId;
  const domain = flag(args, 'domain');
  if (!appId || !domain) {
    process.stderr.write(
      'Usage: npm run package:teams -- --app-id <Microsoft App ID> --domain <host of https://HOST/api/messages> [--out roundtable-teams.zip]\n',
    );
    return 2;
  }
  try {
    const out = await packageTeamsApp({ appId, domain, out: flag(args, 'out') ?? 'roundtable-teams.zip' });
    process.stdout.write(`Wrote ${out}: upload it in Teams (Apps → Manage your apps → Upload an app).\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
