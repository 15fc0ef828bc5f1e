// Only the extension's own pages may use the store. Content scripts of this extension also reach
// runtime.onConnect, with the web page's URL (and a tab); other extensions use onConnectExternal,
// but are refused here too should one arrive. The URL is compared as a string prefix: `new URL()`
// gives a null origin for chrome-extension:// and moz-extension:// in some engines.
import type { BridgeRuntime, PortSender } from './runtime';

/** Why `sender` may not use the store, or undefined when it may. */
export function refusal(sender: PortSender | undefined, runtime: BridgeRuntime): string | undefined {
  if (sender === undefined) return 'the port has no sender';
  if (sender.id !== runtime.id) return `the sender is another extension (${JSON.stringify(sender.id ?? null)})`;
  const origin = runtime.getURL('');
  if (typeof sender.url !== 'string' || !sender.url.startsWith(origin)) {
    return `the sender ${JSON.stringify(sender.url ?? null)} is not a page of this extension (${origin}); content scripts must ask through their own messages`;
  }
  return undefined;
}
