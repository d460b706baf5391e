/**
 * The decisions behind the Electron security glue in `index.ts`, as pure functions so tests can run them
 * under Node: which links may open in the system browser, and which web permissions a page may have.
 * Everything else a page could ask for (navigating, new windows, webviews) is refused outright in the glue.
 */
import { isTrustedSender, type IpcSender, type TrustedPages } from './ipc/router';

/**
 * Hosts a link may open in the system browser: the documentation the app's texts may point to. The app
 * itself links nowhere today; anything else (another host, http:, file:, a custom scheme, a URL with
 * credentials or an odd port) is dropped.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['keras.io', 'www.tensorflow.org', 'js.tensorflow.org', 'pytorch.org', 'docs.pytorch.org', 'github.com'];

export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && hosts.includes(parsed.hostname);
}

/** The one permission the app uses: writing text to the clipboard (the Code tab's Copy). */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** A permission is granted only if the app uses it and the app's own page in a top frame asks. */
export function isPermissionAllowed(permission: string, requester: IpcSender, trusted: TrustedPages): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && isTrustedSender(requester, trusted);
}
