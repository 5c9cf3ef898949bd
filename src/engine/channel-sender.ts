/** The delivery worker's view of the channel registry: one call renders and sends one attempt. */
import { deliver } from '../channels/registry.js';
import { defaultRenderContext, type RenderContext, type SendOptions } from '../channels/types.js';
import type { SendNotification } from './delivery-attempt.js';

/** `extra` is for tests (baseUrlOverride, ca); configuration never sets it. */
export function channelSender(context: RenderContext = defaultRenderContext, extra: Pick<SendOptions, 'baseUrlOverride' | 'ca'> = {}): SendNotification {
  return (channel, config, notification, { timeoutMs, signal }) => deliver(config, notification, context, { ...extra, channel, timeoutMs, signal });
}
