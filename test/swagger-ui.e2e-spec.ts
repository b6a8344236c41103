import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { startTestApp, TestApp } from './harness/test-app';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), never a browser downloaded by a tool. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Swagger UI as a new developer uses it: register and log in with "Try it out", Authorize, read the profile. */
describe('Swagger UI at /docs in Chromium', () => {
  let t: TestApp;
  let base: string;
  let profileDir: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (bash .ci/run does)`);
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    profileDir = mkdtempSync(join(tmpdir(), 'gsm-chromium-'));
    // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await t?.close();
  });

  /** Opens an operation, presses "Try it out", fills the JSON body if any, executes, and returns status and body. */
  async function tryItOut(operationId: string, tag: string, body?: object): Promise<{ status: number; text: string; block: Locator }> {
    const block = page.locator(`#operations-${tag}-${operationId}`);
    await block.locator('.opblock-summary').first().click();
    await block.locator('button.try-out__btn').click();
    if (body) await block.locator('textarea.body-param__text').fill(JSON.stringify(body));
    await block.locator('button.execute').click();
    const live = block.locator('.live-responses-table .response').first();
    await live.waitFor();
    const status = Number((await live.locator('.response-col_status').innerText()).trim());
    const text = await live.locator('.response-col_description pre').first().innerText();
    return { status, text, block };
  }

  it('registers and logs in through "Try it out", authorizes with the token and shows the profile', async () => {
    await page.goto(`${base}/docs`);
    await page.locator('.information-container .title').filter({ hasText: 'Game Session Manager' }).waitFor();

    const username = `ui_${randomBytes(4).toString('hex')}`;
    const password = 'correct-horse-battery';
    const registered = await tryItOut('register', 'auth', { username, password });
    expect(registered.status).toBe(201);
    const player = JSON.parse(registered.text) as { player_id: string; username: string };
    expect(player.username).toBe(username);

    const login = await tryItOut('login', 'auth', { username, password });
    expect(login.status).toBe(200);
    const { access_token: token } = JSON.parse(login.text) as { access_token: string };
    expect(token.split('.')).toHaveLength(3);

    // Authorize: the dialog explains both credentials; the player pastes the access token into `bearer`.
    await page.locator('.scheme-container button.authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await expect(dialog.innerText()).resolves.toMatch(/acts as the game server/);
    const bearer = dialog.locator('.auth-container').filter({ has: page.locator('h4 code', { hasText: /^bearer$/ }) });
    await bearer.locator('#auth-bearer-value').fill(token);
    await bearer.locator('button.authorize').click();
    await bearer.locator('button', { hasText: 'Logout' }).waitFor();
    await expect(bearer.innerText()).resolves.toMatch(/Authorized/);
    await bearer.locator('button.btn-done').click();
    await dialog.waitFor({ state: 'detached' });

    const profile = await tryItOut('getProfile', 'auth');
    expect(profile.status).toBe(200);
    expect(JSON.parse(profile.text)).toMatchObject({ player_id: player.player_id, username, stats: { games_played: 0 } });
    // The page shows the call it made, with the token, and what came back.
    await expect(profile.block.locator('.curl-command').innerText()).resolves.toContain(`Bearer ${token}`);
    await expect(profile.block.locator('.live-responses-table').innerText()).resolves.toContain(username);
  }, 120_000);

  it('leaves the optional query inputs of the rating route empty in "Try it out"', async () => {
    const block = page.locator('#operations-ratings-getPlayerRating');
    await block.locator('.opblock-summary').first().click();
    await block.locator('button.try-out__btn').click();
    await expect(block.locator('tr[data-param-name="before"] input').inputValue()).resolves.toBe('');
  }, 60_000);
});
