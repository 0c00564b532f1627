import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip } from './launch-chromium.js';
import { type Playground, startPlayground } from './start-playground.js';

const chromium = await chromiumOrSkip();
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
const W1 = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';
const STEP_MS = 20_000;

let playground: Playground | undefined;
let browser: Awaited<ReturnType<NonNullable<typeof chromium>['launch']>> | undefined;
let page: Page;

beforeAll(async () => {
  if (!chromium) return;
  playground = await startPlayground();
  browser = await chromium.launch();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(playground.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
}, 30_000);

// A failed run leaves a picture of the page and the demo's output next to the screenshot.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !browser) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `playground-failed-${context.task.id}.png`) });
  console.error(playground?.output());
});

const ops = () => page.locator('#channel-C0OPS');
const incidents = () => page.locator('#channel-C0INC');
const topLevel = (channel: Locator, text: string | RegExp) =>
  channel.locator('.messages > article.msg').filter({ hasText: text });
const machineRow = (id: string) => page.locator(`#simulator tr[data-machine-id="${id}"]`);

async function as(person: 'alice' | 'bob' | 'dave'): Promise<void> {
  await page.locator('.person', { hasText: person }).click();
  await page.locator('.person.active', { hasText: person }).waitFor();
}

async function command(text: string): Promise<void> {
  const input = ops().locator('input[name=command]');
  await input.fill(text);
  await input.press('Enter');
}

// Clicks a button that has a confirm dialog, reads the dialog, and confirms it.
async function clickAndConfirm(
  message: Locator,
  button: string,
  confirm: string,
  says = 'Run this procedure?',
): Promise<void> {
  await message.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.locator('.confirm-dialog');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(says);
  await dialog.getByRole('button', { name: confirm }).click();
  await dialog.waitFor({ state: 'detached' });
}

// Starts the playground again with `scenario`, and waits for the stuck worker in the simulator.
async function resetTo(scenario: string, note: string): Promise<void> {
  await page.locator('#scenario').selectOption(scenario);
  expect(await page.locator('#scenario-note').textContent()).toContain(note);
  await page.locator('#reset').click();
  await ops().getByText('No messages yet').waitFor({ timeout: 60_000 });
  await machineRow(W3).waitFor({ timeout: STEP_MS });
}

async function requestRemovalFromReport(): Promise<Locator> {
  const report = topLevel(ops(), 'Stuck machines').last();
  await report.waitFor({ timeout: STEP_MS });
  const cards = topLevel(ops(), 'Approval needed');
  const before = await cards.count();
  await report.getByRole('button', { name: 'Request removal' }).first().click();
  const card = cards.nth(before);
  await card.waitFor({ timeout: STEP_MS });
  return card;
}

describe.skipIf(chromium === undefined)('the playground in a browser', () => {
  it('refuses a requester approving their own request, and runs nothing', { timeout: 90_000 }, async () => {
    await command('/omni stuck-machines');
    const aliceCard = await requestRemovalFromReport();
    expect(await aliceCard.textContent()).toContain('Requested by @alice');

    await clickAndConfirm(aliceCard, 'Approve', 'Approve and run');
    const denial = ops().locator('article.msg-ephemeral', { hasText: 'You are not an approver' });
    await denial.waitFor({ timeout: STEP_MS });
    expect(await denial.textContent()).toContain('Only visible to you');

    await as('bob');
    await denial.waitFor({ state: 'detached' });
    const bobCard = await requestRemovalFromReport();
    await clickAndConfirm(bobCard, 'Approve', 'Approve and run');
    await ops()
      .locator('article.msg-ephemeral', { hasText: 'someone else has to approve it' })
      .waitFor({ timeout: STEP_MS });

    expect(await machineRow(W3).textContent()).toContain('DESTROYING');
    expect(await ops().locator('.thread').count()).toBe(0);
  });

  it('runs a removal a requester asked for and an approver approved, and shows the machine gone', {
    timeout: 120_000,
  }, async () => {
    const logBefore = await page.locator('#bot-log').textContent();
    await page.locator('#scenario').selectOption('talos-prod');
    await page.locator('#reset').click();
    await ops().getByText('No messages yet').waitFor({ timeout: 60_000 });
    // The page explains its waits: when the watcher first looks, and where the new bot logs.
    await incidents()
      .getByText(/The watcher's first check of Omni is in \d+ s \(then every 30 s\)/)
      .waitFor();
    await page.locator('#bot-log', { hasText: 'bot.log' }).waitFor({ timeout: STEP_MS });
    const logAfter = await page.locator('#bot-log').textContent();
    expect(logAfter).not.toBe(logBefore);
    expect(playground?.output()).toContain(
      `playground reset: scenario talos-prod; bot log: ${logAfter?.replace('Bot log: ', '')}`,
    );
    await machineRow(W3).waitFor({ timeout: STEP_MS });
    await as('alice');

    await command('/omni stuck-machines');
    const card = await requestRemovalFromReport();
    await as('bob');
    await clickAndConfirm(card, 'Approve', 'Approve and run');

    const summary = card.locator('.thread > article.msg').last();
    await card
      .locator('.thread > article.msg', { hasText: 'Succeeded: The machine is verified gone from Omni.' })
      .waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toContain('Succeeded: The machine is verified gone from Omni.');
    expect(await card.locator('.msg-edited').first().textContent()).toBe('(edited)');
    expect(await card.locator(':scope > .msg-main > .msg-body').textContent()).toContain('Approved by @bob');
    await machineRow(W3).waitFor({ state: 'detached', timeout: STEP_MS });
    expect(await page.locator('#simulator').textContent()).toContain('Cluster talos-prod (5 machines)');
    // Requested, approved, succeeded; the watcher may add its own alerts beside them.
    const requestId = /r-[0-9a-f]{12}/.exec((await card.textContent()) ?? '')?.[0] ?? 'no request id';
    await topLevel(incidents(), 'succeeded').waitFor({ timeout: STEP_MS });
    expect(await topLevel(incidents(), requestId).count()).toBe(3);

    await summary.scrollIntoViewIfNeeded();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png') });
  });

  it('refuses recover-cluster before its dialog while the template sets a forbidden label', {
    timeout: 60_000,
  }, async () => {
    await as('alice');
    await command('/omni recover-cluster talos-prod');
    // Refused at once: nobody types the cluster name and a reason for a request the bot refuses.
    await ops()
      .locator('article.msg-ephemeral', { hasText: 'The template still sets labels the kubelet may not set' })
      .waitFor({ timeout: STEP_MS });
    expect(await page.locator('form.modal').count()).toBe(0);
  });

  it('fixes the label in the template from the page, then requests and runs the reboot-loop fix', {
    timeout: 240_000,
  }, async () => {
    await as('alice');
    const reports = topLevel(ops(), 'Nodes caught by NodeRestriction');
    const fixButton = 'Request: remove nodes and re-sync';
    await command('/omni reboot-loop');
    await reports.first().waitFor({ timeout: STEP_MS });
    expect(await reports.last().getByRole('button', { name: fixButton }).count()).toBe(0);

    await page.locator('#fix-template').click();
    await page
      .locator('#template-state', { hasText: 'no label the kubelet may not set' })
      .waitFor({ timeout: STEP_MS });

    // The replacement nodes need the provider: its key expired, so rotate it first.
    const cards = topLevel(ops(), 'Approval needed');
    let before = await cards.count();
    await command('/omni rotate-provider-key');
    const rotation = cards.nth(before);
    await rotation.waitFor({ timeout: STEP_MS });
    await as('bob');
    await clickAndConfirm(rotation, 'Approve', 'Approve and run');
    await rotation
      .locator('.thread > article.msg', { hasText: 'Succeeded' })
      .last()
      .waitFor({ timeout: 90_000 });
    await page.locator('#simulator .tag.ok', { hasText: 'connected' }).first().waitFor({ timeout: STEP_MS });

    await as('alice');
    const count = await reports.count();
    await command('/omni reboot-loop');
    const report = reports.nth(count);
    await report.getByRole('button', { name: fixButton }).waitFor({ timeout: STEP_MS });
    before = await cards.count();
    await report.getByRole('button', { name: fixButton }).click();
    const card = cards.nth(before);
    await card.waitFor({ timeout: STEP_MS });
    await as('bob');
    await clickAndConfirm(card, 'Approve', 'Approve and run', 'fix-node-labels on');
    await card
      .locator('.thread > article.msg', { hasText: 'Succeeded' })
      .last()
      .waitFor({ timeout: 120_000 });
    expect(await card.locator('.thread').textContent()).not.toContain('gave up waiting');
  });

  it('recovers the cluster in the healthy scenario: two approvals, then the cluster is back and healthy', {
    timeout: 180_000,
  }, async () => {
    await page.locator('#scenario').selectOption('healthy');
    expect(await page.locator('#scenario-note').textContent()).toContain('recover-cluster');
    await page.locator('#reset').click();
    await ops().getByText('No messages yet').waitFor({ timeout: 60_000 });
    await page
      .locator('#simulator')
      .getByText('Cluster talos-prod (6 machines)')
      .waitFor({ timeout: STEP_MS });
    await as('alice');

    await command('/omni recover-cluster talos-prod');
    const modal = page.locator('form.modal');
    await modal.waitFor({ timeout: STEP_MS });
    expect(await modal.locator('.modal-title').textContent()).toBe('Recover a cluster');
    // A mistyped name is refused in the dialog, which keeps what was typed.
    await modal.locator('input[name=name]').fill('talos-pro');
    await modal.locator('textarea[name=reason]').fill('etcd lost on every control plane');
    await modal.getByRole('button', { name: 'Request approval' }).click();
    await modal.getByText('That is not talos-prod.').waitFor({ timeout: STEP_MS });
    expect(await modal.locator('textarea[name=reason]').inputValue()).toBe(
      'etcd lost on every control plane',
    );
    await modal.locator('input[name=name]').fill('talos-prod');
    await modal.getByRole('button', { name: 'Request approval' }).click();
    await modal.waitFor({ state: 'detached', timeout: STEP_MS });
    const card = topLevel(ops(), 'Approval needed').last();
    await card.waitFor({ timeout: STEP_MS });

    await as('bob');
    // The first of two approvals runs nothing yet, and its dialog says so.
    await clickAndConfirm(card, 'Approve', 'Approve', 'Nothing runs yet');
    await card.getByText('1 more approval needed').waitFor({ timeout: STEP_MS });
    await as('dave');
    await clickAndConfirm(card, 'Approve', 'Approve and run', 'recover-cluster on cluster talos-prod');

    await card
      .locator('.thread > article.msg', { hasText: 'Succeeded: Done.' })
      .waitFor({ timeout: 120_000 });
    const thread = (await card.locator('.thread').textContent()) ?? '';
    expect(thread).not.toContain('gave up waiting');
    const simulator = page.locator('#simulator');
    await simulator.getByText('Cluster talos-prod (6 machines)').waitFor({ timeout: STEP_MS });
    expect(await simulator.locator('tr[data-machine-id] .tag.ok', { hasText: 'RUNNING' }).count()).toBe(6);
  });

  it('stuck machine, VM gone: the VM column and the card say so, and a plain Approve runs the removal', {
    timeout: 120_000,
  }, async () => {
    await resetTo('stuck-vm-gone', 'the removal card says the VM is gone');
    // The simulator shows each machine's VM beside it, and the VM no machine accounts for.
    expect(await machineRow(W3).locator('.vm').textContent()).toBe('no VM');
    expect(await machineRow(W1).locator('.vm').textContent()).toBe('VM 101 on pve3 running');
    expect(
      await page.locator('#simulator tr[data-vm-name="talos-prod-workers-x4r8vb"]').textContent(),
    ).toContain('VM 187 on pve3 running');
    await as('alice');

    await command('/omni status');
    await topLevel(ops(), 'Fleet status')
      .getByText('reachable, 6 VMs and containers')
      .waitFor({ timeout: STEP_MS });
    await command('/omni drift');
    const drift = topLevel(ops(), 'State drift').last();
    await drift.waitFor({ timeout: STEP_MS });
    expect(await drift.textContent()).toContain(
      'missing VM: Omni has machine e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82, Proxmox has no VM talos-prod-workers-p7nz2d',
    );
    expect(await drift.textContent()).toContain('talos-prod-workers-x4r8vb');
    await command('/omni stuck-machines');
    const report = topLevel(ops(), 'Stuck machines').last();
    await report.waitFor({ timeout: STEP_MS });
    expect(await report.textContent()).toContain('gone: Proxmox has no VM named talos-prod-workers-p7nz2d');

    const card = await requestRemovalFromReport();
    expect(await card.textContent()).toMatch(
      /Proxmox \(read [^)]+\)[\s\S]*gone: Proxmox has no VM named talos-prod-workers-p7nz2d/,
    );
    expect(await card.getByRole('button', { name: 'Remove anyway' }).count()).toBe(0);
    await as('bob');
    await clickAndConfirm(card, 'Approve', 'Approve and run');

    await card
      .locator('.thread > article.msg', { hasText: 'Succeeded: The machine is verified gone from Omni.' })
      .waitFor({ timeout: 60_000 });
    await machineRow(W3).waitFor({ state: 'detached', timeout: STEP_MS });
  });

  it('stuck machine, VM still running: the card warns, a plain Approve is refused, Remove anyway runs it', {
    timeout: 120_000,
  }, async () => {
    await resetTo('stuck-vm-running', 'the stuck worker’s VM still runs in Proxmox');
    expect(await machineRow(W3).locator('.vm').textContent()).toBe('VM 106 on pve2 running');
    await as('alice');

    await command('/omni stuck-machines');
    const report = topLevel(ops(), 'Stuck machines').last();
    await report.waitFor({ timeout: STEP_MS });
    expect(await report.textContent()).toMatch(/VM 106 on pve2: running for \d+d/);

    const card = await requestRemovalFromReport();
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toMatch(
      /Proxmox \(read [^)]+\)[\s\S]*talos-prod-workers-p7nz2d: VM 106 on pve2: running for/,
    );
    expect(cardText).toContain('unreachable, not destroyed');
    await as('bob');
    await clickAndConfirm(card, 'Approve', 'Approve and run');
    const refusal = ops().locator('article.msg-ephemeral', { hasText: 'still running' });
    await refusal.waitFor({ timeout: STEP_MS });
    expect(await refusal.textContent()).toContain('Nothing ran. If you are sure, press Remove anyway');
    expect(await machineRow(W3).textContent()).toContain('DESTROYING');

    await clickAndConfirm(card, 'Remove anyway', 'Remove anyway', 'Your choice is recorded in the audit log');
    await card
      .locator('.thread > article.msg', { hasText: 'Succeeded: The machine is verified gone from Omni.' })
      .waitFor({ timeout: 60_000 });
    await machineRow(W3).waitFor({ state: 'detached', timeout: STEP_MS });
    // Bob's choice is in the audit log: the bot's database sits beside its log.
    const logPath = ((await page.locator('#bot-log code').textContent()) ?? '').trim();
    const db = new Database(path.join(path.dirname(logPath), 'state.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT actor FROM audit WHERE action = 'request.override'").all()).toEqual([
        { actor: 'U0BOB' },
      ]);
    } finally {
      db.close();
    }
    // With the provider down nobody deletes the VM: it stays behind, an orphan.
    await page
      .locator('#simulator tr[data-vm-name="talos-prod-workers-p7nz2d"]')
      .waitFor({ timeout: STEP_MS });
  });

  it('keeps the two channels and the simulator side by side at 1024 px', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const boxes = await Promise.all(
      [ops(), incidents(), page.locator('#simulator')].map((l) => l.boundingBox()),
    );
    const none = { x: 0, y: 0, width: 0, height: 0 };
    const [left = none, middle = none, right = none] = boxes.map((b) => b ?? none);

    expect(left.x + left.width).toBeLessThanOrEqual(middle.x);
    expect(middle.x + middle.width).toBeLessThanOrEqual(right.x);
    expect(right.x + right.width).toBeLessThanOrEqual(1024);
    expect(Math.abs(left.y - right.y)).toBeLessThan(40);
    for (const box of [left, middle, right]) expect(box.width).toBeGreaterThan(220);
  });
});
