import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lilconfig } from 'lilconfig';
import { UsageError } from './errors.ts';

/** Where the server is and how to authenticate: flag, then environment, then config file. */
export interface Connection {
  url: string;
  token: string;
}

export interface ConnectionFlags {
  url?: string | undefined;
  token?: string | undefined;
  config?: string | undefined;
}

/** The files looked for from the working directory upwards, in this order. */
export const CONFIG_FILES = ['.guestlistrc', '.guestlistrc.json', 'guestlist.config.json'];

interface ConfigFile {
  url?: string;
  token?: string;
}

/** The config file's settings: the one `--config` names, else the first found upwards. */
async function readConfigFile(
  explicit: string | undefined,
  cwd: string,
): Promise<{ path: string; config: ConfigFile } | null> {
  const parse = (path: string, text: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UsageError(`${path} is not valid JSON`);
    }
  };
  let found: { path: string; raw: unknown } | null;
  if (explicit) {
    const path = resolve(cwd, explicit);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new UsageError(`cannot read the config file ${path}`);
    });
    found = { path, raw: parse(path, text) };
  } else {
    const searched = await lilconfig('guestlist', {
      searchPlaces: CONFIG_FILES,
      loaders: {
        '.json': (path, text) => parse(path, text),
        noExt: (path, text) => parse(path, text),
      },
    }).search(cwd);
    found = searched ? { path: searched.filepath, raw: searched.config } : null;
  }
  if (!found) return null;
  const { path, raw } = found;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`${path} must hold a JSON object like { "url": "...", "token": "..." }`);
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (key !== 'url' && key !== 'token') throw new UsageError(`${path}: unknown setting "${key}"`);
    if (typeof config[key] !== 'string') throw new UsageError(`${path}: "${key}" must be a string`);
  }
  return { path, config: config as ConfigFile };
}

/** Resolves the connection; a missing or malformed part is a usage error that names its sources. */
export async function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<Connection> {
  let url = flags.url ?? env.GUESTLIST_URL;
  let token = flags.token ?? env.GUESTLIST_TOKEN;
  const explicit = flags.config ?? env.GUESTLIST_CONFIG;
  // A file is the fallback: one found by searching is read only when something is missing, so
  // a stale .guestlistrc in a parent directory cannot break explicit flags. A named one is
  // always read, and must be valid.
  if (explicit !== undefined || !url || !token) {
    const file = await readConfigFile(explicit, cwd);
    url ||= file?.config.url;
    token ||= file?.config.token;
  }
  if (!url)
    throw new UsageError(
      'no server URL: pass --url, set GUESTLIST_URL, or put "url" in a .guestlistrc file',
    );
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new UsageError(`the server URL must be http(s), like https://invites.example.com`);
  if (!token)
    throw new UsageError(
      'no API key: set GUESTLIST_TOKEN, pass --token, or put "token" in a .guestlistrc file',
    );
  return { url, token };
}
