import { afterEach, describe, expect, it } from 'vitest';
import { serveFile } from '../../demo/serve-file.js';
import { startProviderHost } from '../../demo/start-provider-host.js';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';

describe('the playground serves its page and nothing else', () => {
  it.each([
    ['/', 'text/html'],
    ['/css/base.css', 'text/css'],
    ['/js/public/app.js', 'text/javascript'],
    ['/js/render-blocks.js', 'text/javascript'],
  ])('serves %s', (url, type) => {
    expect(serveFile(url)?.type).toContain(type);
  });

  it.each([
    '/js/demo-env.js',
    '/js/start-demo-stack.js',
    '/js/public/../demo-env.js',
    '/js/..%2fsrc%2fconfig.js',
    '/css/../../package.json',
    '/demo-env.ts',
  ])('refuses %s', (url) => {
    expect(serveFile(url)).toBeUndefined();
  });

  it('sends the front end as JavaScript the browser can load', () => {
    const app = serveFile('/js/public/app.js')?.body ?? '';

    expect(app).toContain("from './api-client.js'");
    expect(app).not.toMatch(/import type|: Snapshot/);
  });
});

describe('the simulated provider host', () => {
  let omni: FakeOmni | undefined;
  afterEach(() => omni?.cleanup());

  it('is left out, with the reason, where sshd is not installed', async () => {
    omni = await createFakeOmni({ scenario: 'healthy' });

    const host = await startProviderHost(omni, () => undefined);

    expect(host).toEqual({
      host: undefined,
      reason: 'sshd (openssh-server) is not installed on this machine',
    });
  });
});
