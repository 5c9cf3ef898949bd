/** The delivery worker's view of the channel registry: one call renders and sends one attempt. */
import { deliver } from '../channels/registry.js';
import { defaultRenderContext, type RenderContext, type SendOptions } from '../channels/types.js';
import type { TargetPolicy } from '../core/targets/policy.js';
import type { SendNotification } from './delivery-attempt.js';

/** `extra` is for tests (baseUrlOverride, ca); configuration never sets it. `targets`: server.probe_targets of the running config. */
export function channelSender(
  context: RenderContext = defaultRenderContext,
  extra: Pick<SendOptions, 'baseUrlOverride' | 'ca'> = {},
  targets: () => TargetPolicy | undefined = () => undefined,
): SendNotification {
  return (channel, config, notification, { timeoutMs, signal }) =>
    deliver(config, notification, context, { ...extra, channel, timeoutMs, signal, targets: targets() });
}
