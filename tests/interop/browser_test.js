#!/usr/bin/node
// Interop 6 and 7: the fake's pages clicked in a real browser — Debian's Chromium driven by
// playwright-core (executablePath /usr/bin/chromium; Playwright's own browser download is never
// used). One scenario per run:
//
//   node browser_test.js consent-oob     consent page -> Allow -> OOB code page (screenshots)
//   node browser_test.js device          device flow: verification page filled in and approved
//   node browser_test.js cli-allow       `gauthflow login --no-browser`: open its URL, Allow
//   node browser_test.js cli-deny        the same, Deny: the CLI reports access_denied
//   node browser_test.js cli-device      `gauthflow login --mode device`: the code it prints is
//                                        entered on the verification page and approved
//
// Environment (ctest sets it): GAUTHFLOW_MOCKSERVER, GAUTHFLOW_CLI (cli-*), INTEROP_NODE_MODULES,
// INTEROP_ARTIFACTS (screenshots go there). Exit 77 = skipped (a missing package), with a reason.
'use strict';

const child_process = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

const SKIP = 77;
const CHROMIUM = '/usr/bin/chromium';
// As root Chromium needs --no-sandbox; without the networking flags it tries to reach Google.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--metrics-recording-only',
  '--no-default-browser-check', '--disable-features=Translate,MediaRouter,OptimizationHints'];
const STEP_TIMEOUT_MS = 20000;

function skip(message) {
  console.log('SKIPPED: ' + message);
  process.exit(SKIP);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function loadPlaywright() {
  if (!fs.existsSync(CHROMIUM)) skip(CHROMIUM + ' is missing: install Debian\'s chromium with ci/install-deps.sh');
  const modules = process.env.INTEROP_NODE_MODULES || '';
  try {
    return require(path.join(modules, 'playwright-core'));
  } catch (e) {
    skip('playwright-core is not in ' + modules + ' (' + e.code + '): run ci/install-deps.sh');
  }
}

// A child process whose output lines (stdout and stderr alike) can be awaited.
class Program {
  constructor(command, args, options = {}) {
    this.lines = [];     // stdout
    this.anyLines = [];  // stdout and stderr, in arrival order
    this.stderr = '';
    this.waiters = [];
    this.exited = null;
    this.child = child_process.spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.anyLines.push(line);
      this.notify();
    });
    readline.createInterface({ input: this.child.stderr }).on('line', (line) => {
      this.stderr += line + '\n';
      this.anyLines.push(line);
      this.notify();
    });
    this.exitPromise = new Promise((resolve) => this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.notify();
      resolve(this.exited);
    }));
  }
  notify() { for (const w of this.waiters.splice(0)) w(); }
  describe() { return 'stdout:\n' + this.lines.join('\n') + '\nstderr:\n' + this.stderr; }
  // The first output line (stdout or stderr) matching `regex` (its match), within `ms`.
  async waitForLine(regex, ms, what) {
    const deadline = Date.now() + ms;
    for (let seen = 0; ;) {
      for (; seen < this.anyLines.length; seen++) {
        const m = this.anyLines[seen].match(regex);
        if (m) return m;
      }
      if (this.exited) throw new Error(`ended (${JSON.stringify(this.exited)}) before ${what}; ${this.describe()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms; ${this.describe()}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }
  async finish(ms, what) {
    let timeout;
    const timer = new Promise((resolve) => { timeout = setTimeout(resolve, ms, null); });
    const result = await Promise.race([this.exitPromise, timer]);
    clearTimeout(timeout);  // a pending timer would keep Node running
    if (!result) {
      this.child.kill('SIGKILL');
      throw new Error(`${what} did not end within ${ms} ms; ${this.describe()}`);
    }
    return result.code;
  }
  stop() { if (!this.exited) this.child.kill('SIGTERM'); }
}

async function startFake(workdir, extraArgs = []) {
  const binary = process.env.GAUTHFLOW_MOCKSERVER;
  check(binary && fs.existsSync(binary), 'GAUTHFLOW_MOCKSERVER must name gauthflow-mockserver');
  const config = {
    clients: [{ client_id: 'interop.apps.googleusercontent.com', client_secret: 'GOCSPX-interop-secret',
      type: 'installed', name: 'Interop Quickstart',
      redirect_uris: ['http://127.0.0.1', 'http://localhost', 'urn:ietf:wg:oauth:2.0:oob', 'urn:ietf:wg:oauth:2.0:oob:auto'] }],
    users: [{ email: 'alice@example.com', name: 'Alice Example', given_name: 'Alice', family_name: 'Example' },
            { email: 'bob@example.com', name: 'Bob Example', given_name: 'Bob', family_name: 'Example' }],
  };
  const configPath = path.join(workdir, 'fake-config.json');
  fs.writeFileSync(configPath, JSON.stringify(config));
  const fake = new Program(binary, ['--port=0', '--host=127.0.0.1', '--config=' + configPath, '--threads=4', ...extraArgs]);
  const m = await fake.waitForLine(/^(http\S+)$/, 20000, 'the fake\'s base URL');
  fake.base = m[1];
  fake.client = config.clients[0];
  return fake;
}

async function admin(fake, method, pathName, body) {
  const res = await fetch(fake.base + '/__admin/' + pathName, {
    method, headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  check(res.ok, `admin ${method} ${pathName}: ${res.status}`);
  return res.json();
}

function artifact(name) {
  const dir = process.env.INTEROP_ARTIFACTS || path.join(os.tmpdir(), 'gauthflow-interop-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

async function shoot(page, name) {
  const file = artifact(name);
  await page.screenshot({ path: file, fullPage: true });
  console.log('screenshot: ' + file);
}

// The consent page as a person sees it: the account chooser, the scopes, Allow and Deny.
async function answerConsent(page, { account, decision, screenshot }) {
  await page.getByRole('heading', { name: /wants access to your Google Account/ }).waitFor();
  const radio = page.getByRole('radio', { name: new RegExp(account.replace('.', '\\.')) });
  await radio.check();
  check(await radio.isChecked(), 'the account ' + account + ' could not be chosen');
  if (screenshot) await shoot(page, screenshot);
  await page.getByRole('button', { name: decision === 'allow' ? 'Allow' : 'Deny' }).click();
}

// --- scenarios -------------------------------------------------------------------------------

async function consentOob({ browser, fake }) {
  const page = await browser.newPage();
  const params = new URLSearchParams({
    client_id: fake.client.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code',
    scope: 'openid email https://www.googleapis.com/auth/drive.metadata.readonly', state: 'interop-state',
    access_type: 'offline',
  });
  await page.goto(fake.base + '/o/oauth2/v2/auth?' + params);
  check(await page.title() === 'Sign in - Google Accounts', 'consent page title: ' + await page.title());
  const scopesText = await page.locator('ul.scopes').innerText();
  check(/Drive/.test(scopesText), 'the consent page does not name the Drive scope in words: ' + scopesText);
  await answerConsent(page, { account: 'bob@example.com', decision: 'allow', screenshot: 'consent-page.png' });
  await page.waitForURL(/\/o\/oauth2\/approval/, { timeout: STEP_TIMEOUT_MS });
  const title = await page.title();
  const code = (await page.locator('#code').inputValue()).trim();
  check(title === 'Success code=' + code && code.startsWith('4/0A'), `OOB page: title ${title}, code ${code}`);
  await shoot(page, 'oob-code-page.png');
  // The code works at the token endpoint, for the account chosen in the browser.
  const token = await fetch(fake.base + '/token', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
      client_id: fake.client.client_id, client_secret: fake.client.client_secret }),
  });
  const tokenBody = await token.json();
  check(token.status === 200 && tokenBody.access_token, 'token exchange: ' + JSON.stringify(tokenBody));
  const info = await (await fetch(fake.base + '/tokeninfo?access_token=' + tokenBody.access_token)).json();
  check(info.email === 'bob@example.com', 'the code was issued for ' + info.email + ', the browser chose bob');
  await page.close();
}

async function deviceFlow({ browser, fake }) {
  const res = await fetch(fake.base + '/device/code', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: fake.client.client_id, scope: 'openid email https://www.googleapis.com/auth/drive.file' }),
  });
  const device = await res.json();
  check(res.status === 200 && device.user_code && device.verification_url, 'device/code: ' + JSON.stringify(device));
  const poll = async () => {
    const r = await fetch(fake.base + '/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code,
        client_id: fake.client.client_id, client_secret: fake.client.client_secret }),
    });
    return [r.status, await r.json()];
  };
  const [, pending] = await poll();
  check(pending.error === 'authorization_pending', 'before approval: ' + JSON.stringify(pending));

  const page = await browser.newPage();
  await page.goto(device.verification_url);
  // A person types the code as shown, but lower case and without the dash is fine too.
  await page.getByLabel('Enter the code displayed on your device').fill(device.user_code.toLowerCase().replace('-', ''));
  await shoot(page, 'device-code-entry.png');
  await page.getByRole('button', { name: 'Next' }).click();
  await answerConsent(page, { account: 'alice@example.com', decision: 'allow', screenshot: 'device-consent-page.png' });
  await page.getByRole('heading', { name: 'Success' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await shoot(page, 'device-done-page.png');
  await page.close();

  // The device's next poll may only come after `interval` seconds (else slow_down): advance the
  // fake's clock instead of sleeping.
  await admin(fake, 'POST', 'clock/advance', { seconds: device.interval + 1 });
  const [status, granted] = await poll();
  check(status === 200 && granted.access_token && granted.refresh_token, 'after approval: ' + JSON.stringify(granted));
  const info = await (await fetch(fake.base + '/tokeninfo?access_token=' + granted.access_token)).json();
  check(info.email === 'alice@example.com', 'device token for ' + info.email);
}

async function cliLogin({ browser, fake, workdir }, decision) {
  const cli = process.env.GAUTHFLOW_CLI;
  if (!cli || !fs.existsSync(cli)) skip('GAUTHFLOW_CLI is not set: the gauthflow CLI is not built in this tree');
  const secrets = path.join(workdir, 'client_secret.json');
  fs.writeFileSync(secrets, JSON.stringify({ installed: {
    client_id: fake.client.client_id, client_secret: fake.client.client_secret,
    auth_uri: fake.base + '/o/oauth2/auth', token_uri: fake.base + '/token', redirect_uris: ['http://localhost'] } }));
  const credentials = path.join(workdir, 'credentials.json');
  const login = new Program(cli, ['login', '--client-secrets', secrets, '--scopes', 'drive.metadata.readonly',
    '--no-browser', '--timeout', '60', '--endpoint-base', fake.base, '--credentials', credentials],
    { env: { ...process.env, XDG_CONFIG_HOME: workdir, BROWSER: '/bin/false' } });
  try {
    const m = await login.waitForLine(/(https?:\/\/\S+\/o\/oauth2\/\S+)/, 20000, 'the authorization URL');
    const page = await browser.newPage();
    await page.goto(m[1]);
    await answerConsent(page, { account: 'alice@example.com', decision,
      screenshot: decision === 'allow' ? 'cli-consent-page.png' : null });
    await page.waitForURL(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//, { timeout: STEP_TIMEOUT_MS });
    await page.waitForLoadState('load');
    await shoot(page, decision === 'allow' ? 'loopback-success-page.png' : 'loopback-denied-page.png');
    const pageText = await page.locator('body').innerText();
    await page.close();
    const code = await login.finish(30000, 'gauthflow login');
    if (decision === 'allow') {
      check(code === 0, `gauthflow login exited ${code}; ${login.describe()}`);
      const stored = JSON.parse(fs.readFileSync(credentials, 'utf8'));
      check(stored.refresh_token && stored.type === 'authorized_user', 'stored: ' + Object.keys(stored));
      check(!/denied/i.test(pageText), 'the loopback page after Allow says: ' + pageText);
    } else {
      check(code !== 0, 'gauthflow login succeeded although the user denied; ' + login.describe());
      check(/access_denied/.test(login.stderr + login.lines.join('\n')),
            'the CLI does not report access_denied; ' + login.describe());
      check(!fs.existsSync(credentials), 'credentials were stored after a denial');
    }
  } finally {
    login.stop();
  }
}

async function cliDevice({ browser, fake, workdir }) {
  const cli = process.env.GAUTHFLOW_CLI;
  if (!cli || !fs.existsSync(cli)) skip('GAUTHFLOW_CLI is not set: the gauthflow CLI is not built in this tree');
  const secrets = path.join(workdir, 'client_secret.json');
  fs.writeFileSync(secrets, JSON.stringify({ installed: {
    client_id: fake.client.client_id, client_secret: fake.client.client_secret,
    auth_uri: fake.base + '/o/oauth2/auth', token_uri: fake.base + '/token', redirect_uris: ['http://localhost'] } }));
  const credentials = path.join(workdir, 'credentials.json');
  // Google allows only a few scopes on the device flow (drive.file, not drive.metadata.readonly).
  const login = new Program(cli, ['login', '--mode', 'device', '--client-secrets', secrets,
    '--scopes', 'openid,email,drive.file', '--timeout', '60', '--endpoint-base', fake.base,
    '--credentials', credentials], { env: { ...process.env, XDG_CONFIG_HOME: workdir } });
  try {
    const m = await login.waitForLine(/open (https?:\/\/\S+\/device) .*enter the code ([A-Z]{4}-[A-Z]{4})/, 20000,
      'the verification URL and user code');
    const page = await browser.newPage();
    await page.goto(m[1]);
    await page.getByLabel('Enter the code displayed on your device').fill(m[2]);
    await page.getByRole('button', { name: 'Next' }).click();
    await answerConsent(page, { account: 'bob@example.com', decision: 'allow' });
    await page.getByRole('heading', { name: 'Success' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.close();
    // The CLI polls every `interval` (5 s) of real time: one or two polls.
    const code = await login.finish(30000, 'gauthflow login --mode device');
    check(code === 0, `gauthflow login --mode device exited ${code}; ${login.describe()}`);
    const stored = JSON.parse(fs.readFileSync(credentials, 'utf8'));
    check(stored.refresh_token, 'no refresh token stored after the device flow');
    const refreshed = await fetch(fake.base + '/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refresh_token,
        client_id: fake.client.client_id, client_secret: fake.client.client_secret }),
    });
    const token = await refreshed.json();
    const info = await (await fetch(fake.base + '/tokeninfo?access_token=' + token.access_token)).json();
    check(info.email === 'bob@example.com', 'the device grant is for ' + info.email + ', the browser chose bob');
  } finally {
    login.stop();
  }
}

const SCENARIOS = {
  'consent-oob': consentOob,
  'device': deviceFlow,
  'cli-allow': (ctx) => cliLogin(ctx, 'allow'),
  'cli-deny': (ctx) => cliLogin(ctx, 'deny'),
  'cli-device': cliDevice,
};

async function main() {
  const scenario = SCENARIOS[process.argv[2]];
  if (!scenario) {
    console.error('usage: browser_test.js ' + Object.keys(SCENARIOS).join('|'));
    process.exit(2);
  }
  const { chromium } = loadPlaywright();
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gauthflow-browser-'));
  let fake;
  let browser;
  try {
    fake = await startFake(workdir);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
    console.log('chromium ' + browser.version() + ', playwright-core ' + require(path.join(process.env.INTEROP_NODE_MODULES, 'playwright-core', 'package.json')).version);
    await scenario({ browser, fake, workdir });
    console.log('PASSED');
  } finally {
    if (browser) await browser.close();
    if (fake) fake.stop();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.log('FAILED: ' + (e && e.stack || e));
  process.exit(1);
});
