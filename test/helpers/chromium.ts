/**
 * The Chromium the browser tests drive with playwright-core: $CHROMIUM first, then Debian's real
 * binary (its /usr/bin one is a wrapper script). chromiumSkip is the reason to skip when none is
 * installed, for node:test's `skip` option.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const chromiumPath = CHROMIUM_CANDIDATES.find((p): p is string => p !== undefined && p !== '' && existsSync(p));

export const chromiumSkip: string | false =
  chromiumPath === undefined ? `no Chromium binary found (tried ${CHROMIUM_CANDIDATES.filter(Boolean).join(', ')}; set CHROMIUM)` : false;

/** launchChromium starts headless Chromium (no sandbox: the tests run as root here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}
