import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isPermissionAllowed } from './security';

describe('links to the system browser', () => {
  it('opens https links to the listed documentation hosts', () => {
    expect(isAllowedExternalUrl('https://keras.io/api/layers/convolution_layers/convolution2d/')).toBe(true);
    expect(isAllowedExternalUrl('https://pytorch.org/docs/stable/nn.html#conv2d')).toBe(true);
    expect(isAllowedExternalUrl('https://example.org/', ['example.org'])).toBe(true);
  });

  it('drops every other scheme, host, port, credential trick and malformed URL', () => {
    const refused = [
      'http://keras.io/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'https://keras.io.evil.example/',
      'https://evil.example/keras.io',
      'https://keras.io@evil.example/',
      'https://user:pass@keras.io/',
      'https://keras.io:8443/',
      'https://sub.keras.io/',
      'keras.io',
      '',
      'not a url',
    ];
    for (const url of refused) expect(isAllowedExternalUrl(url), url).toBe(false);
  });
});

describe('web permissions', () => {
  const app = { rendererFileUrl: 'file:///app/out/renderer/index.html' };
  const page = { frameUrl: 'file:///app/out/renderer/index.html', isMainFrame: true };

  it('grants only clipboard writing, only to the app page in its top frame', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', page, app)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', { ...page, isMainFrame: false }, app)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', { frameUrl: 'https://evil.example/', isMainFrame: true }, app)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb', 'serial', 'unknown']) {
      expect(isPermissionAllowed(permission, page, app), permission).toBe(false);
    }
  });
});
