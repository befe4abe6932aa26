import path from 'node:path';
import type { SettingsView } from '@guestlist/core';
import { spawnNode } from './processes.ts';
import { smtpSink, warmUpOf } from './smtp-sink.ts';

/**
 * The worker's floor, measured as the worker is: `bench/src/reference-sender.ts` sends the same
 * invite emails with the same settings by plain nodemailer, in a fresh process of its own with
 * the worker's Node flags, to a sink in the bench's process; the rate is read at the sink,
 * after the same warm-up ({@link warmUpOf}). Answers emails per second.
 */
export async function measureReference(options: {
  serverUrl: string;
  adminKey: string;
  emails: number;
}): Promise<number> {
  const response = await fetch(`${options.serverUrl}/api/v1/settings`, {
    headers: { authorization: `Bearer ${options.adminKey}` },
  });
  const { data: settings } = (await response.json()) as { data: SettingsView };
  const smtp = await smtpSink();
  try {
    const sender = spawnNode(path.join(import.meta.dirname, 'reference-sender.ts'), {
      SMTP_URL: smtp.url,
      EMAILS: String(options.emails),
      SETTINGS: JSON.stringify(settings),
    });
    const code = await new Promise((resolve) => sender.once('exit', resolve));
    if (code !== 0 || smtp.received() < options.emails)
      throw new Error(`the reference sender exited with ${code} after ${smtp.received()} emails`);
    return smtp.steadyRate(warmUpOf(options.emails));
  } finally {
    await smtp.stop();
  }
}
