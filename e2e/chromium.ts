// Debian's Chromium, headless, as the browser tests and the browser benchmarks launch it.

import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WebGL (MapLibre) on the CPU, since there is no GPU
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

/** Extra arguments for one test's needs (a host name mapped to 127.0.0.1, for instance). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
}
